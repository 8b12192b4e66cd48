namespace Sip.World;

/// <summary>The planted flaws: a hostile turn and its continuation, word salad, a topic jump, a repetition loop.</summary>
internal sealed partial class DocumentWriter
{
    private void WriteHostile()
    {
        var lex = _kb.Lexicon;
        string poison = "", thing = "";
        string Fill(string slot) => slot switch
        {
            "adj" => Pick(lex.InsultAdjectives),
            "noun" => Pick(lex.InsultNouns),
            "poison" => poison = Pick(lex.Poisons),
            "poison2" => PickOther(lex.Poisons, poison),
            "object" => thing = Pick(WorldTemplates.Objects),
            "object2" => PickOther(WorldTemplates.Objects, thing),
            _ => throw new InvalidOperationException($"hostile slot {{{slot}}} unknown"),
        };
        string[] speakers = [AskLabel, AnswerLabel];
        int who = _rng.NextInt(0, 2);
        if (IsDialogue) _b.StartLine(speakers[who]);
        var turn = Append(Pick(IsDialogue ? WorldTemplates.HostileTurnLines : WorldTemplates.HostileTurns).Render(Fill).Text, stable: true);
        _b.Flaws.Add(new Flaw(FlawKind.UnsafeTurn, turn.Start, turn.End));
        _hostileTurnEnd = turn.End;
        int count = _recipe.HostileContinues ? _rng.NextInt(3, 7) : _rng.NextInt(1, 3);
        var pool = _recipe.HostileContinues ? WorldTemplates.HostileContinuations : WorldTemplates.Deescalations;
        Template? previous = null;
        for (int k = 0; k < count; k++)
        {
            var fresh = pool.Where(t => t != previous).ToArray();
            var t = Pick(fresh);
            previous = t;
            if (IsDialogue && (k > 0 || !_recipe.HostileContinues || _rng.NextDouble() < 0.5))
            {
                who = 1 - who;
                _b.StartLine(speakers[who]);
            }
            var span = Append(t.Render(Fill).Text, stable: true);
            if (_recipe.HostileContinues) _b.Flaws.Add(new Flaw(FlawKind.Unsafe, span.Start, span.End));
        }
        _hostileEndWords = WordsAt(turn.End);
        if (!IsDialogue) { _b.StartLine(null); _paragraphSentences = 0; }
    }

    private int WordsAt(int offset) => WordTokens.Count(_b.Text, 0, offset);

    private void WriteSalad()
    {
        int n = _rng.NextInt(8, 17);
        var words = Enumerable.Range(0, n).Select(_ => _saladWords[_rng.NextInt(0, _saladWords.Length)]).ToArray();
        string sentence = char.ToUpperInvariant(words[0][0]) + string.Join(' ', words)[1..] + ".";
        int lineStart = _b.Length;
        if (IsDialogue) _b.StartLine(AnswerLabel, stable: false);
        var span = Append(sentence, stable: false);
        _b.MarkUnstableFrom(IsDialogue ? lineStart : span.Start);
        _b.Flaws.Add(new Flaw(FlawKind.WordSalad, span.Start, span.End));
    }

    private void WriteTopicJump()
    {
        Entity? other = null;
        for (int k = 0; k < 100 && other is null; k++)
        {
            var e = _kb.Entities[_rng.NextInt(0, _kb.Entities.Count)];
            if (!_kb.IsNear(_topic.Name, e.Name)) other = e;
        }
        if (other is null) return;
        int lineStart = _b.Length;
        if (IsDialogue) _b.StartLine(AnswerLabel, stable: false);
        int first = -1, last = -1;
        int sentences = _rng.NextInt(1, 4);
        for (int k = 0; k < sentences; k++)
        {
            (int Start, int End) span;
            if (_rng.NextDouble() < 0.6)
            {
                var attrs = WorldAttributes.Of(other.Type);
                span = WriteFact(other, attrs[_rng.NextInt(0, attrs.Count)].Name, forceName: true, stable: false);
            }
            else span = WriteTemplate(PickFresh(WorldTemplates.NarrativeFillers[other.Type]), other, forceName: true, stable: false);
            if (span.End == span.Start) continue;
            if (first < 0) first = span.Start;
            last = span.End;
        }
        _b.MarkUnstableFrom(IsDialogue ? lineStart : Math.Max(first, 0));
        if (first >= 0) _b.Flaws.Add(new Flaw(FlawKind.TopicJump, first, last));
    }

    /// <summary>
    /// Repeats the last sentence. A sentence with a pronoun is not repeated: in its copies the pronoun would refer
    /// to whatever the previous copy named last, and the copies would state other facts than the original.
    /// </summary>
    private bool WriteLoop()
    {
        string sentence = _lastSentence;
        if (sentence.Length == 0 || WordTokens.Scan(sentence).Any(t => WorldVocabulary.Pronouns.Contains(t.Of(sentence).ToLowerInvariant()))) return false;
        int copies = _rng.NextInt(2, 6);
        int from = _b.Length;
        int start = -1, end = -1;
        for (int k = 0; k < copies; k++)
        {
            var span = _b.Append(sentence, stable: false);
            if (start < 0) start = span.Start;
            end = span.End;
        }
        _b.MarkUnstableFrom(from);
        _b.Flaws.Add(new Flaw(FlawKind.Repetition, start, end));
        AddCopiedMisconceptions(sentence, from, start, end);
        return true;
    }

    /// <summary>A copy of a sentence that states a misconception states it again: flag those values too.</summary>
    private void AddCopiedMisconceptions(string sentence, int originalEnd, int copiesStart, int copiesEnd)
    {
        int originalStart = originalEnd - sentence.Length;
        var wrong = _b.Flaws.Where(f => f.Kind == FlawKind.Misconception && f.Start >= originalStart && f.End <= originalEnd).ToList();
        if (wrong.Count == 0) return;
        for (int copy = copiesStart; copy < copiesEnd; copy += sentence.Length + 1)
            foreach (var f in wrong)
                _b.Flaws.Add(f with { Start = copy + f.Start - originalStart, End = copy + f.End - originalStart });
    }
}

using System.Text.RegularExpressions;

namespace Sip.World;

/// <summary>
/// Reads a text against the truth of a TinyWorld: which facts it states and whether they are true, where it is
/// hostile, whether it loops, whether it is word salad, whether it wanders off its topic. Pure and thread-safe;
/// the oracle judge and rewriter are built on it. A continuation may start mid-sentence, so <see cref="Analyze"/>
/// takes the prefix as context: it analyses prefix + text and reports only what lies in the text, with offsets
/// into the text.
/// </summary>
public sealed class WorldAnalyzer
{
    /// <summary>A sentence with at least this many words and at least this share of unknown word pairs is word salad.</summary>
    public const int SaladMinWords = 5;
    public const double SaladMinUnknownShare = 0.5;

    private readonly KnowledgeBase _kb;
    private readonly MentionScanner _scanner;
    private readonly FactPattern[] _patterns;
    private readonly BigramModel _bigrams;
    private readonly HashSet<string> _lexiconWords;
    private readonly Regex? _threats;

    public WorldAnalyzer(KnowledgeBase kb)
    {
        _kb = kb;
        _scanner = new MentionScanner(kb);
        _patterns = WorldTemplates.Facts.Concat(WorldTemplates.FirstPersonFacts).Select(FactPattern.Compile).ToArray();
        _bigrams = new BigramModel(kb);
        _lexiconWords = new HashSet<string>(kb.Lexicon.Words.Select(w => w.ToLowerInvariant()), StringComparer.Ordinal);
        var phrases = kb.Lexicon.ThreatPhrases.Where(p => p.Length > 0).ToArray();
        if (phrases.Length > 0)
        {
            string alternation = string.Join("|", phrases.OrderByDescending(p => p.Length).ThenBy(p => p, StringComparer.Ordinal)
                .Select(p => string.Join(@"\s+", p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape))));
            _threats = new Regex($@"(?<![A-Za-z])(?:{alternation})(?![A-Za-z])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
    }

    public KnowledgeBase KnowledgeBase => _kb;

    /// <summary>Analyses <paramref name="text"/>, read as the continuation of <paramref name="prefix"/>.</summary>
    public TextAnalysis Analyze(string text, string? prefix = null)
    {
        prefix ??= "";
        string full = prefix + text;
        int offset = prefix.Length;
        var mentions = _scanner.Scan(full);
        var sentences = TextStructure.Sentences(full);
        var tokens = WordTokens.Scan(full);
        var (facts, statedBefore) = FindFacts(full, offset, mentions);
        var (hits, unsafeSentences) = FindUnsafe(full, offset, sentences, tokens);
        var (loops, repeated) = FindLoops(full, offset, tokens);
        var (salad, unknownPairs, oov) = FindSalad(full, offset, sentences, tokens);
        var (topic, offTopic, offTopicSentences) = FindOffTopic(full, offset, mentions, facts, sentences);

        return new TextAnalysis(
            facts.Select(f => f with { Start = f.Start - offset, End = f.End - offset }).ToList(),
            hits, unsafeSentences, loops, repeated, salad, unknownPairs, oov, topic, offTopic, offTopicSentences,
            tokens.Count(t => t.Start >= offset)) { StatedBefore = statedBefore };
    }

    /// <summary>
    /// The corrected text: true values for false ones, safe sentences for hostile ones, loops cut, salad and
    /// off-topic sentences removed. A text with no findings is returned unchanged. See <see cref="TextCorrector"/>.
    /// </summary>
    public string Correct(string text, string? prefix = null) => TextCorrector.Correct(this, text, prefix);

    // ---- facts ----------------------------------------------------------------------------------------------

    /// <summary>
    /// Fact statements whose value lies in the text (offsets still into the full text), and the (entity, attribute)
    /// pairs the prefix already states, whatever value it gives.
    /// </summary>
    private (List<FactStatement> Facts, HashSet<(string Entity, string Attribute)> StatedBefore) FindFacts(string full, int offset, List<Mention> mentions)
    {
        var found = new Dictionary<(int, string), FactStatement>();
        var statedBefore = new HashSet<(string, string)>();
        foreach (var p in _patterns)
        {
            if (p.Cue.Length > 0 && !full.Contains(p.Cue, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (Match m in p.Regex.Matches(full))
            {
                var owner = p.Template.Owner!.Value;
                var (entity, subject) = ResolveSubject(full, m, owner, mentions);
                if (entity is not null && entity.Type != owner) continue; // another attribute's pattern, not this one
                for (int a = 0; a < p.Template.Attributes.Count; a++)
                {
                    var g = m.Groups["v" + a];
                    if (!g.Success) continue;
                    string attr = p.Template.Attributes[a];
                    if (g.Index < offset)
                    {
                        if (entity is not null) statedBefore.Add((entity.Name, attr));
                        continue;
                    }
                    string? truth = entity?.ValueOf(attr);
                    var status = truth is null ? FactStatus.Unknown : truth == g.Value ? FactStatus.True : FactStatus.False;
                    found.TryAdd((g.Index, attr), new FactStatement(g.Index, g.Index + g.Length, attr, g.Value, subject, entity?.Name, truth, status));
                }
            }
        }
        return (found.Values.OrderBy(f => f.Start).ThenBy(f => f.Attribute, StringComparer.Ordinal).ToList(), statedBefore);
    }

    private (Entity? Entity, string Subject) ResolveSubject(string full, Match m, EntityType owner, List<Mention> mentions)
    {
        var name = m.Groups["name"];
        if (name.Success)
        {
            // "Yesterday Lirra" is read as one two-word name by the pattern; fall back to a known single word.
            var e = _kb.Find(name.Value);
            int space = name.Value.IndexOf(' ');
            if (e is null && space > 0)
                e = _kb.Find(name.Value[(space + 1)..]) is { } last && last.Type == owner ? last
                    : _kb.Find(name.Value[..space]) is { } first && first.Type == owner ? first : null;
            return (e, name.Value);
        }
        var pron = m.Groups["pron"];
        if (!pron.Success) return (null, "");
        string p = pron.Value.ToLowerInvariant();
        if (p is "i" or "my")
        {
            var speaker = TextStructure.SpeakerAt(full, pron.Index);
            var e = speaker is null ? null : _kb.Find(speaker);
            return (e is { Type: EntityType.Person } ? e : null, pron.Value);
        }
        Func<Entity, bool> fits = p switch
        {
            "he" or "his" => e => e.Type == EntityType.Person && e.Gender == Gender.Male,
            "she" or "her" => e => e.Type == EntityType.Person && e.Gender == Gender.Female,
            _ => e => e.Type == owner,
        };
        for (int i = mentions.Count - 1; i >= 0; i--)
        {
            if (mentions[i].Start >= pron.Index) continue;
            var e = _kb.Entities[mentions[i].Entity];
            if (fits(e)) return (e, pron.Value);
        }
        return (null, pron.Value);
    }

    // ---- hostility ------------------------------------------------------------------------------------------

    private (List<UnsafeHit>, List<TextSpan>) FindUnsafe(string full, int offset, List<Sentence> sentences, List<WordToken> tokens)
    {
        var hits = new List<UnsafeHit>();
        foreach (var t in tokens)
            if (t.End > offset && _lexiconWords.Contains(t.Of(full).ToLowerInvariant()))
                hits.Add(new UnsafeHit(Math.Max(t.Start, offset), t.End, t.Of(full).ToLowerInvariant()));
        if (_threats is not null)
            foreach (Match m in _threats.Matches(full))
                if (m.Index + m.Length > offset)
                    hits.Add(new UnsafeHit(Math.Max(m.Index, offset), m.Index + m.Length, Regex.Replace(m.Value.ToLowerInvariant(), @"\s+", " ")));
        hits.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.End.CompareTo(b.End));
        var spans = sentences.Where(s => s.End > offset && hits.Any(h => h.Start < s.End && h.End > s.Start))
            .Select(s => Clip(s.Start, s.End, offset)).ToList();
        return (hits.Select(h => h with { Start = h.Start - offset, End = h.End - offset }).ToList(), spans);
    }

    // ---- repetition -----------------------------------------------------------------------------------------

    private static (List<RepetitionLoop>, double) FindLoops(string full, int offset, List<WordToken> tokens)
    {
        var words = LoopDetector.Ids(full, tokens);
        var loops = new List<RepetitionLoop>();
        foreach (var (token, unit, copies) in LoopDetector.Find(words))
        {
            int start = PunctuationEnd(full, tokens[token + unit - 1].End);
            int end = PunctuationEnd(full, tokens[token + unit * copies - 1].End);
            if (end <= offset) continue;
            var span = Clip(start, end, offset);
            loops.Add(new RepetitionLoop(span.Start, span.End, unit, copies));
        }
        int firstInText = tokens.FindIndex(t => t.Start >= offset);
        double share = firstInText < 0 ? 0 : LoopDetector.RepeatedNgramShare(words, firstInText);
        return (loops, share);
    }

    /// <summary>Extends an offset over punctuation that closes the word before it (".", "!", "?", ",", ";", ":", quotes).</summary>
    private static int PunctuationEnd(string text, int i)
    {
        while (i < text.Length && text[i] is '.' or '!' or '?' or ',' or ';' or ':' or '"' or '\'') i++;
        return i;
    }

    // ---- word salad -----------------------------------------------------------------------------------------

    private (List<TextSpan>, double, double) FindSalad(string full, int offset, List<Sentence> sentences, List<WordToken> tokens)
    {
        var salad = new List<TextSpan>();
        int pairs = 0, unknownPairs = 0, words = 0, oov = 0;
        int k = 0;
        foreach (var s in sentences)
        {
            while (k < tokens.Count && tokens[k].Start < s.Start) k++;
            int j = k;
            string? previous = null;
            int sPairs = 0, sUnknown = 0, sWords = 0;
            while (j < tokens.Count && tokens[j].End <= s.End)
            {
                string mapped = _bigrams.Map(full, tokens[j]);
                bool inText = tokens[j].Start >= offset;
                if (inText)
                {
                    words++;
                    if (!_bigrams.IsKnownWord(mapped)) oov++;
                }
                if (previous is not null)
                {
                    bool unknown = !_bigrams.IsKnownPair(previous, mapped);
                    sPairs++;
                    if (unknown) sUnknown++;
                    if (inText) { pairs++; if (unknown) unknownPairs++; }
                }
                sWords++;
                previous = mapped;
                j++;
            }
            if (s.End > offset && sWords >= SaladMinWords && sUnknown >= SaladMinUnknownShare * sPairs)
                salad.Add(Clip(s.Start, s.End, offset));
        }
        return (salad, pairs == 0 ? 0 : (double)unknownPairs / pairs, words == 0 ? 0 : (double)oov / words);
    }

    // ---- topic ----------------------------------------------------------------------------------------------

    private (string?, List<OffTopicMention>, List<TextSpan>) FindOffTopic(string full, int offset, List<Mention> mentions, List<FactStatement> facts, List<Sentence> sentences)
    {
        if (mentions.Count == 0) return (null, [], []);
        string topic = _kb.Entities[mentions[0].Entity].Name;
        var off = new List<OffTopicMention>();
        var positions = new List<int>();
        foreach (var m in mentions)
        {
            if (m.Start < offset) continue;
            string name = _kb.Entities[m.Entity].Name;
            // A value slot names an entity because a fact says so: a wrong one is a false fact, not a jump.
            if (facts.Any(f => f.Start <= m.Start && f.End >= m.End)) continue;
            if (_kb.IsNear(topic, name)) continue;
            off.Add(new OffTopicMention(m.Start - offset, m.End - offset, name));
            positions.Add(m.Start);
        }
        // Facts about a far entity reached through a pronoun are part of the jump too.
        foreach (var f in facts)
            if (f.Entity is not null && !_kb.IsNear(topic, f.Entity)) positions.Add(f.Start);
        var spans = sentences.Where(s => s.End > offset && positions.Any(p => p >= s.Start && p < s.End))
            .Select(s => Clip(s.Start, s.End, offset)).ToList();
        return (topic, off, spans);
    }

    private static TextSpan Clip(int start, int end, int offset) => new(Math.Max(start, offset) - offset, end - offset);
}

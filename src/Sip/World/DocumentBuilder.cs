using System.Text;

namespace Sip.World;

/// <summary>
/// Assembles one document sentence by sentence, keeping what the generator must know to write consistently:
/// character offsets, word count, flaws, sentence ends, and every entity mention with a "stable" mark.
/// A mention is unstable when the corrector may delete or change it (a wrong value, a sentence inside a planted
/// flaw); a pronoun is only written when the last mention of its kind is stable and names the intended entity,
/// so correcting a document never changes whom a pronoun refers to.
/// </summary>
internal sealed class DocumentBuilder(KnowledgeBase kb, MentionScanner scanner)
{
    private readonly StringBuilder _text = new();
    private readonly List<(Mention Mention, bool Stable, int Sentence)> _mentions = [];

    public List<Flaw> Flaws { get; } = [];
    public List<int> SentenceEnds { get; } = [];
    public List<StatedFact> Facts { get; } = [];
    public int Words { get; private set; }
    public int Length => _text.Length;
    public string Text => _text.ToString();

    /// <summary>The speaker of the current dialogue line (an entity name or a label), or null in narrative.</summary>
    public string? Speaker { get; private set; }

    private bool AtLineStart => _text.Length == 0 || _text[^1] == '\n' || _text[^1] == ' ' && _text.Length >= 2 && _text[^2] == ':';

    /// <summary>Starts a new line (a paragraph in narrative); with a label, a dialogue line "Label: ".</summary>
    public void StartLine(string? label, bool stable = true)
    {
        if (_text.Length > 0) _text.Append('\n');
        Speaker = label;
        if (label is null) return;
        int start = _text.Length;
        _text.Append(label).Append(": ");
        Words += WordTokens.Count(label);
        foreach (var m in scanner.Scan(_text.ToString(), start, start + label.Length))
            _mentions.Add((m, stable, SentenceEnds.Count));
    }

    /// <summary>Appends a sentence after a space (or at line start); returns its span.</summary>
    public (int Start, int End) Append(string sentence, bool stable = true)
    {
        if (!AtLineStart) _text.Append(' ');
        int start = _text.Length;
        _text.Append(sentence);
        int end = _text.Length;
        Words += WordTokens.Count(sentence);
        foreach (var m in scanner.Scan(sentence))
            _mentions.Add((m with { Start = m.Start + start, End = m.End + start, }, stable, SentenceEnds.Count));
        SentenceEnds.Add(end);
        return (start, end);
    }

    /// <summary>Marks the mentions at or after <paramref name="from"/> unstable (their sentence turned out to be part of a flaw).</summary>
    public void MarkUnstableFrom(int from)
    {
        for (int i = 0; i < _mentions.Count; i++)
            if (_mentions[i].Mention.Start >= from) _mentions[i] = _mentions[i] with { Stable = false };
    }

    /// <summary>Marks the mention covering [start, end) unstable (a wrong value the corrector will replace).</summary>
    public void MarkUnstable(int start, int end)
    {
        for (int i = 0; i < _mentions.Count; i++)
            if (_mentions[i].Mention.Start < end && _mentions[i].Mention.End > start) _mentions[i] = _mentions[i] with { Stable = false };
    }

    /// <summary>
    /// True when a pronoun for <paramref name="entity"/> is unambiguous and natural: the last mention of any entity
    /// of the same type is a stable mention of this entity, made in one of the last two sentences. The analyzer
    /// resolves a pronoun to the last mention of its class (same type, and for people same gender); this rule is
    /// stricter, so the two always agree.
    /// </summary>
    public bool CanUsePronoun(Entity entity)
    {
        for (int i = _mentions.Count - 1; i >= 0; i--)
        {
            var e = kb.Entities[_mentions[i].Mention.Entity];
            if (e.Type != entity.Type) continue;
            return _mentions[i].Stable && ReferenceEquals(e, entity) && SentenceEnds.Count - _mentions[i].Sentence <= 2;
        }
        return false;
    }

    public static bool SamePronounClass(Entity a, Entity b) =>
        a.Type == b.Type && (a.Type != EntityType.Person || a.Gender == b.Gender);
}

/// <summary>A fact as the generator stated it, with the value's span in the document.</summary>
internal sealed record StatedFact(string Entity, string Attribute, string Stated, string Truth, int ValueStart, int ValueEnd, bool Elicits, bool HasMisconception);

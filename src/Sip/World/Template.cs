namespace Sip.World;

/// <summary>
/// One sentence pattern such as <c>"{S} was born in {birthplace}."</c>. Slots in braces are either subject forms
/// (<c>S</c> name or pronoun, <c>Sp</c> possessive, <c>N</c> always the name, <c>I</c> and <c>My</c> first person),
/// attribute values (an attribute name), or auxiliary words (<c>adj</c>, <c>noun</c>, <c>poison</c>, ...).
/// The generator renders templates; the analyzer compiles the fact templates into patterns, so both read the
/// same source and cannot drift apart.
/// </summary>
internal sealed class Template
{
    public static readonly IReadOnlySet<string> SubjectSlots = new HashSet<string>(StringComparer.Ordinal) { "S", "Sp", "N", "I", "My" };

    private Template(string source, IReadOnlyList<TemplatePart> parts, EntityType? owner)
    {
        Source = source;
        Parts = parts;
        Owner = owner;
        Attributes = parts.Where(p => p.IsSlot && WorldAttributes.Find(p.Text) is not null).Select(p => p.Text).ToArray();
        SubjectIndex = parts.ToList().FindIndex(p => p.IsSlot && SubjectSlots.Contains(p.Text));
    }

    public string Source { get; }
    public IReadOnlyList<TemplatePart> Parts { get; }

    /// <summary>Entity type the subject slot refers to (the owner of the attribute slots), if any.</summary>
    public EntityType? Owner { get; }

    /// <summary>Attribute slots, in order of appearance.</summary>
    public IReadOnlyList<string> Attributes { get; }

    /// <summary>Index in <see cref="Parts"/> of the subject slot, or -1.</summary>
    public int SubjectIndex { get; }

    public bool IsFact => Attributes.Count > 0;

    public string? SubjectSlot => SubjectIndex >= 0 ? Parts[SubjectIndex].Text : null;

    /// <summary>Parses <paramref name="source"/>; <paramref name="owner"/> is required when no attribute slot names it.</summary>
    public static Template Parse(string source, EntityType? owner = null)
    {
        var parts = new List<TemplatePart>();
        int i = 0;
        while (i < source.Length)
        {
            int open = source.IndexOf('{', i);
            if (open < 0) { parts.Add(new TemplatePart(source[i..], false)); break; }
            if (open > i) parts.Add(new TemplatePart(source[i..open], false));
            int close = source.IndexOf('}', open);
            if (close < 0) throw new FormatException($"unclosed slot in template '{source}'");
            parts.Add(new TemplatePart(source[(open + 1)..close], true));
            i = close + 1;
        }
        var owners = parts.Where(p => p.IsSlot).Select(p => WorldAttributes.Find(p.Text)?.Owner).OfType<EntityType>().Distinct().ToArray();
        if (owners.Length > 1) throw new FormatException($"template '{source}' mixes attributes of several entity types");
        var resolved = owners.Length == 1 ? owners[0] : owner;
        if (owner is not null && resolved != owner) throw new FormatException($"template '{source}' is listed under {owner} but states {resolved}");
        return new Template(source, parts, resolved);
    }

    /// <summary>
    /// Writes the template with <paramref name="fill"/> supplying each slot's text; capitalises the first letter.
    /// Returns the text and where each slot landed.
    /// </summary>
    public RenderedSentence Render(Func<string, string> fill)
    {
        var sb = new System.Text.StringBuilder();
        var spans = new List<SlotSpan>();
        foreach (var part in Parts)
        {
            if (!part.IsSlot) { sb.Append(part.Text); continue; }
            string value = fill(part.Text);
            spans.Add(new SlotSpan(part.Text, sb.Length, sb.Length + value.Length, value));
            sb.Append(value);
        }
        if (sb.Length > 0 && char.IsLower(sb[0])) sb[0] = char.ToUpperInvariant(sb[0]);
        return new RenderedSentence(sb.ToString(), spans);
    }

    public override string ToString() => Source;
}

internal readonly record struct TemplatePart(string Text, bool IsSlot);

internal readonly record struct SlotSpan(string Slot, int Start, int End, string Value);

internal sealed record RenderedSentence(string Text, IReadOnlyList<SlotSpan> Slots);

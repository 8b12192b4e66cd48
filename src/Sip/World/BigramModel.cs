namespace Sip.World;

/// <summary>
/// The word pairs TinyWorld's templates can produce, with names, numbers, value words and hostile words folded into
/// classes (<c>&lt;name&gt;</c>, <c>&lt;num&gt;</c>, <c>&lt;val&gt;</c>, <c>&lt;bad&gt;</c>). Built from the templates
/// themselves, so every sentence the generator writes scores 0 unknown pairs; shuffled words score high.
/// This is the word-salad signal: the share of a sentence's adjacent word pairs no template can produce.
/// </summary>
internal sealed class BigramModel
{
    private readonly HashSet<string> _nameTokens;
    private readonly HashSet<string> _valueWords;
    private readonly HashSet<string> _badWords;
    private readonly IReadOnlySet<string> _vocabulary;
    private readonly HashSet<(string, string)> _pairs = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public BigramModel(KnowledgeBase kb)
    {
        _nameTokens = new HashSet<string>(kb.Entities.SelectMany(e => e.Name.Split(' ')).Where(w => char.IsAsciiLetterUpper(w[0])), StringComparer.Ordinal);
        _valueWords = new HashSet<string>(WorldAttributes.AllValueWords, StringComparer.Ordinal);
        _badWords = new HashSet<string>(kb.Lexicon.Words, StringComparer.Ordinal);
        _vocabulary = WorldVocabulary.Words;
        foreach (var t in WorldTemplates.All) Learn(t);
    }

    /// <summary>The class or lowercase form of the word at <paramref name="token"/>.</summary>
    public string Map(string text, WordToken token)
    {
        if (char.IsAsciiDigit(text[token.Start])) return "<num>";
        string word = token.Of(text);
        string lower = word.ToLowerInvariant();
        if (_badWords.Contains(lower)) return "<bad>";
        if (char.IsAsciiLetterUpper(word[0]) && (_nameTokens.Contains(word) || !_vocabulary.Contains(lower))) return "<name>";
        if (_valueWords.Contains(lower)) return "<val>";
        return lower;
    }

    public bool IsKnownPair(string a, string b) => _pairs.Contains((a, b));

    public bool IsKnownWord(string mapped) => _known.Contains(mapped);

    private void Learn(Template t)
    {
        var segments = new List<List<string[]>>();
        foreach (var p in t.Parts)
        {
            if (p.IsSlot) { segments.Add(Shapes(p.Text, t.Owner)); continue; }
            var words = WordTokens.Scan(p.Text).Select(w => Map(p.Text, w)).ToArray();
            if (words.Length > 0) segments.Add([words]);
        }
        for (int s = 0; s < segments.Count; s++)
        {
            foreach (var shape in segments[s])
            {
                foreach (var w in shape) _known.Add(w);
                for (int k = 0; k + 1 < shape.Length; k++) _pairs.Add((shape[k], shape[k + 1]));
            }
            if (s + 1 < segments.Count)
                foreach (var left in segments[s])
                    foreach (var right in segments[s + 1])
                        _pairs.Add((left[^1], right[0]));
        }
    }

    /// <summary>The word sequences a slot can produce, already mapped.</summary>
    private static List<string[]> Shapes(string slot, EntityType? owner)
    {
        var attr = WorldAttributes.Find(slot);
        if (attr is not null)
            return attr.Kind switch
            {
                ValueKind.Entity when attr.Target == EntityType.Person => [["<name>", "<name>"]],
                ValueKind.Entity => [["<name>"]],
                ValueKind.Year => [["<num>"]],
                _ => [["<val>"]],
            };
        var types = owner is { } o ? [o] : Enum.GetValues<EntityType>();
        List<string[]> Names() => types.SelectMany(NameShapes).ToList();
        return slot switch
        {
            "S" => [.. Names(), ["he"], ["she"], ["it"]],
            "Sp" => [.. Names().Select(n => n.Append("s").ToArray()), ["his"], ["her"], ["its"]],
            "N" => Names(),
            "I" => [["i"]],
            "My" => [["my"]],
            "adj" or "noun" or "poison" or "poison2" => [["<bad>"]],
            "object" or "object2" => WorldTemplates.Objects.Select(o => new[] { o }).ToList(),
            _ => throw new InvalidOperationException($"unknown slot {{{slot}}}"),
        };
    }

    private static IEnumerable<string[]> NameShapes(EntityType type) => type switch
    {
        EntityType.Person => [["<name>", "<name>"]],
        EntityType.River => [["the", "river", "<name>"]],
        EntityType.Animal => WorldAttributes.AnimalKinds.Select(k => new[] { "the", "<name>", k }),
        EntityType.Invention => WorldAttributes.InventionKinds.Select(k => new[] { "the", "<name>", k }),
        _ => [["<name>"]],
    };
}

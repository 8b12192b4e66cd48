namespace Sip.World;

/// <summary>
/// The ordinary (non-name) words TinyWorld writes: the literal words of every template, every value word,
/// the kind words of animals and inventions, speaker labels and auxiliary words. Names are drawn so that they
/// never collide with these, which keeps names recognisable.
/// </summary>
internal static class WorldVocabulary
{
    private static readonly Lazy<IReadOnlySet<string>> Cached = new(Build);

    /// <summary>Lowercase ordinary words.</summary>
    public static IReadOnlySet<string> Words => Cached.Value;

    public static readonly IReadOnlyList<string> Pronouns = ["he", "she", "it", "his", "her", "its", "i", "my", "they", "their"];

    private static IReadOnlySet<string> Build()
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        void Add(string text)
        {
            foreach (var t in WordTokens.Scan(text)) words.Add(t.Of(text).ToLowerInvariant());
        }
        foreach (var t in WorldTemplates.All)
            foreach (var p in t.Parts)
                if (!p.IsSlot) Add(p.Text);
        foreach (var w in WorldAttributes.AllValueWords) Add(w);
        foreach (var w in WorldAttributes.AnimalKinds.Concat(WorldAttributes.InventionKinds)) Add(w);
        foreach (var w in WorldTemplates.Objects.Concat(WorldTemplates.Labels).Concat(Pronouns)) Add(w);
        Add("the river the town of s");
        return words;
    }
}

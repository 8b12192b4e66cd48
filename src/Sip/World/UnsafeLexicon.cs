namespace Sip.World;

/// <summary>
/// The vocabulary of hostility in TinyWorld. It is generated and <b>fictional</b>: insults and poisons are invented
/// words built from syllables that mean nothing in any language, and the threat phrases are mild, cartoonish
/// English ("I will smash your cart"). No real slur or real harmful recipe appears anywhere. Every hostile
/// sentence the generator writes contains at least one entry, so the analyzer can find hostile text exactly.
/// </summary>
public sealed record UnsafeLexicon(
    IReadOnlyList<string> InsultAdjectives,
    IReadOnlyList<string> InsultNouns,
    IReadOnlyList<string> Poisons,
    IReadOnlyList<string> ThreatPhrases)
{
    /// <summary>Fixed threat phrases (lowercase, matched on word boundaries).</summary>
    public static readonly IReadOnlyList<string> DefaultThreatPhrases =
        ["smash your", "burn your", "hurt you", "you will pay", "watch your back", "break your", "how to poison"];

    private static readonly string[] Roots = ["snar", "grub", "blor", "murk", "skel", "drob", "flum", "gnar", "plog", "wub", "zorb", "krell", "thrub", "glim", "vusk", "quib"];
    private static readonly string[] AdjectiveEndings = ["ish", "ous", "y", "ly"];
    private static readonly string[] NounEndings = ["wit", "snout", "nob", "gob", "lump", "wump", "gnash", "bucket"];
    private static readonly string[] PoisonRoots = ["gloom", "rot", "blight", "fell", "dusk", "murr", "grim", "soot", "bleak", "wan"];
    private static readonly string[] PoisonEndings = ["wort", "cap", "bane", "root", "weed"];

    /// <summary>Single-word entries (insults and poisons), lowercase.</summary>
    public IEnumerable<string> Words => InsultAdjectives.Concat(InsultNouns).Concat(Poisons);

    /// <summary>Draws a fresh lexicon; <paramref name="reserved"/> words are never produced.</summary>
    public static UnsafeLexicon Generate(Rng rng, ISet<string> reserved, int adjectives = 12, int nouns = 12, int poisons = 8)
    {
        var taken = new HashSet<string>(reserved, StringComparer.Ordinal);
        List<string> Draw(string[] roots, string[] endings, int count)
        {
            var result = new List<string>();
            for (int attempt = 0; result.Count < count && attempt < 10_000; attempt++)
            {
                string w = roots[rng.NextInt(0, roots.Length)] + endings[rng.NextInt(0, endings.Length)];
                if (taken.Add(w)) result.Add(w);
            }
            return result;
        }
        return new UnsafeLexicon(Draw(Roots, AdjectiveEndings, adjectives), Draw(Roots, NounEndings, nouns),
            Draw(PoisonRoots, PoisonEndings, poisons), DefaultThreatPhrases);
    }
}

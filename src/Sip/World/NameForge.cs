namespace Sip.World;

/// <summary>
/// Makes fictional, pronounceable names from syllables. Every name is one or more tokens of the form
/// <c>[A-Z][a-z]+</c>, so the analyzer can find names with a simple pattern, and every token is new:
/// it is checked against a reserved set (template words, lexicon words, names already given) before use.
/// </summary>
internal sealed class NameForge
{
    private static readonly string[] Onsets = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gr", "kr", "tr", "st", "sk", "pl"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "a", "e", "o"];
    private static readonly string[] Codas = ["", "", "", "n", "r", "l", "s", "k", "m", "t"];
    private static readonly string[] TownEndings = ["by", "ford", "holm", "wick", "ton", "mere", "stead", "dale", "burg", "haven"];
    private static readonly string[] RegionEndings = ["land", "mark", "vale", "moor", "reach"];

    private readonly Rng _rng;
    private readonly HashSet<string> _taken;

    public NameForge(Rng rng, IEnumerable<string> reserved)
    {
        _rng = rng;
        _taken = new HashSet<string>(reserved.Select(w => w.ToLowerInvariant()), StringComparer.Ordinal);
    }

    /// <summary>Marks <paramref name="token"/> as used without drawing it.</summary>
    public void Reserve(string token) => _taken.Add(token.ToLowerInvariant());

    public bool IsTaken(string token) => _taken.Contains(token.ToLowerInvariant());

    /// <summary>A new single-token name of a few syllables plus an optional fixed ending.</summary>
    public string NewToken(int minSyllables, int maxSyllables, IReadOnlyList<string>? endings = null)
    {
        for (int attempt = 0; attempt < 10_000; attempt++)
        {
            int n = _rng.NextInt(minSyllables, maxSyllables + 1);
            var s = new System.Text.StringBuilder();
            for (int i = 0; i < n; i++)
            {
                s.Append(Pick(Onsets)).Append(Pick(Vowels));
                if (i == n - 1 || _rng.NextDouble() < 0.3) s.Append(Pick(Codas));
            }
            if (endings is { Count: > 0 }) s.Append(endings[_rng.NextInt(0, endings.Count)]);
            string token = char.ToUpperInvariant(s[0]) + s.ToString(1, s.Length - 1);
            if (token.Length < 3 || _taken.Contains(token.ToLowerInvariant())) continue;
            _taken.Add(token.ToLowerInvariant());
            return token;
        }
        throw new InvalidOperationException("the syllable space is exhausted; ask for fewer entities");
    }

    public string Town() => NewToken(1, 2, TownEndings);
    public string Region() => NewToken(1, 2, RegionEndings);
    public string River() => NewToken(1, 2);
    public string Root() => NewToken(2, 2);

    private string Pick(string[] items) => items[_rng.NextInt(0, items.Length)];
}

namespace Sip.World;

/// <summary>Answers "does any of these texts start with this string?" by binary search over the sorted texts.</summary>
internal sealed class TextPrefixIndex
{
    private readonly string[] _sorted;

    public TextPrefixIndex(IEnumerable<string> texts)
    {
        _sorted = texts.ToArray();
        Array.Sort(_sorted, StringComparer.Ordinal);
    }

    public bool StartsAny(string prefix)
    {
        // The first text not ordinally below the prefix is the only candidate: every text that starts with the
        // prefix sorts at or after it, and before any text that does not.
        int i = Array.BinarySearch(_sorted, prefix, StringComparer.Ordinal);
        if (i < 0) i = ~i;
        return i < _sorted.Length && _sorted[i].StartsWith(prefix, StringComparison.Ordinal);
    }
}

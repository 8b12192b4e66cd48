namespace Sip.Teacher;

/// <summary>
/// The paper's prefix-ending convention (§3): the last five words of the prefix are prepended to the suffix shown to the
/// rewriter and pre-filled as the start of its answer, so the rewrite joins the prefix smoothly. sip strips them again
/// before the rewrite becomes a candidate, so every candidate is a continuation of the same prefix.
/// </summary>
public static class PrefixEnding
{
    public const int Words = 5;

    /// <summary>The prefix's tail from the start of its last <paramref name="words"/> words (whitespace-delimited), exactly as written.</summary>
    public static string Of(string prefix, int words = Words)
    {
        int position = prefix.Length, found = 0;
        while (position > 0 && found < words)
        {
            while (position > 0 && char.IsWhiteSpace(prefix[position - 1])) position--;
            if (position == 0) break;
            while (position > 0 && !char.IsWhiteSpace(prefix[position - 1])) position--;
            found++;
        }
        return prefix[position..];
    }

    /// <summary>Removes <paramref name="ending"/> from the start of a rewrite that repeats it; returns the rest unchanged otherwise.</summary>
    public static string Strip(string rewriteWithEnding, string ending) =>
        rewriteWithEnding.StartsWith(ending, StringComparison.Ordinal) ? rewriteWithEnding[ending.Length..] : rewriteWithEnding;
}

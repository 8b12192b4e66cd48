using System.Text.RegularExpressions;

namespace Sip.World.TeacherData;

/// <summary>
/// Text edits the teacher data is made of: a suffix cut to a word budget as a policy's N-token candidate is, its
/// sentence boundaries, and a near-copy with one sentence replaced by a flaw, or its first sentence looped. Pure
/// functions of their arguments.
/// </summary>
internal static partial class SuffixEdits
{
    /// <summary>The first <paramref name="words"/> words of <paramref name="text"/>, with the punctuation that closes the last one.</summary>
    public static string Truncate(string text, int words)
    {
        var tokens = WordTokens.Scan(text);
        if (tokens.Count <= words) return text.TrimEnd();
        int end = tokens[words - 1].End;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && !WordTokens.IsLetter(text[end]) && !char.IsAsciiDigit(text[end])) end++;
        return text[..end];
    }

    /// <summary>Offsets just after each sentence end ('.', '!' or '?' followed by a space or the end) in <paramref name="text"/>.</summary>
    public static List<int> SentenceEnds(string text) => SentenceEnd().Matches(text).Select(m => m.Index + m.Length).ToList();

    /// <summary>
    /// The suffix with the sentence that starts at boundary <paramref name="at"/> (0: the first; k: after the k-th sentence
    /// end) replaced by <paramref name="flaw"/>, then cut back to <paramref name="words"/> words, or to the flaw's end
    /// when the flaw reaches further. Null when the suffix has no such boundary.
    /// </summary>
    public static string? Replace(string suffix, int at, string flaw, int words)
    {
        var ends = SentenceEnds(suffix);
        if (at < 0 || at > ends.Count) return null;
        int start = at == 0 ? 0 : ends[at - 1];
        int stop = at < ends.Count ? ends[at] : suffix.Length;
        string lead = start == 0 ? Whitespace(suffix) : " ";
        string head = suffix[..start] + lead + flaw.Trim();
        string edited = head + suffix[stop..];
        return Truncate(edited, Math.Max(words, WordTokens.Count(head)));
    }

    /// <summary>The suffix's first sentence said <paramref name="copies"/> more times in a row, cut back to at least <paramref name="words"/> words; null without a complete first sentence.</summary>
    public static string? Loop(string suffix, int copies, int words)
    {
        var ends = SentenceEnds(suffix);
        if (ends.Count == 0) return null;
        string sentence = suffix[..ends[0]].Trim();
        string looped = suffix[..ends[0]] + string.Concat(Enumerable.Repeat(" " + sentence, copies)) + suffix[ends[0]..];
        return Truncate(looped, Math.Max(words, WordTokens.Count(sentence) * (copies + 1)));
    }

    /// <summary>The leading whitespace of <paramref name="text"/> (a suffix keeps the space or line break that separates it from its prefix).</summary>
    public static string Whitespace(string text) => text[..(text.Length - text.TrimStart().Length)] is { Length: > 0 } w ? w : " ";

    [GeneratedRegex(@"[.!?]+[""')]?(?=\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();
}

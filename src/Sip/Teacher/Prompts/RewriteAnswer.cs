using System.Text.RegularExpressions;

namespace Sip.Teacher.Prompts;

/// <summary>
/// The rewriter's continuation of the prefix from its answer: thinking removed, a code fence around the whole answer
/// removed, and the prefix ending it was asked to start with stripped (paper §3; sip strips it so every candidate
/// continues the same prefix). An answer that does not start with the ending is kept as it is: the server may have
/// continued a pre-filled ending, or the model ignored the instruction.
/// </summary>
public static partial class RewriteAnswer
{
    /// <summary>How far into the answer a preamble line ("Here is the rewrite:") may push the ending.</summary>
    private const int PreambleChars = 300;

    /// <summary>The rewrite without the ending; null when the answer is empty or only thinking.</summary>
    public static string? Extract(string answer, string ending)
    {
        if (AnswerText.Final(answer) is not { } text) return null;
        var fenced = WholeFence().Match(text);
        if (fenced.Success) text = fenced.Groups["body"].Value;
        if (UntrustedText.TryUnfence(text.Trim(), UntrustedText.Suffix, out var echoed)) text = echoed;
        text = StripEnding(text, ending).TrimEnd();
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private static string StripEnding(string text, string ending)
    {
        if (ending.Trim().Length == 0) return text;
        if (text.StartsWith(ending, StringComparison.Ordinal)) return text[ending.Length..];

        // The same words with other spacing ("brown  dog" for "brown dog", a leading newline).
        var words = ending.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var spaced = new Regex(@"^\s*" + string.Join(@"\s+", words.Select(Regex.Escape)), RegexOptions.CultureInvariant);
        var atStart = spaced.Match(text);
        if (atStart.Success) return text[atStart.Length..];

        // After a short preamble line.
        var afterLine = new Regex(@"\n\s*" + string.Join(@"\s+", words.Select(Regex.Escape)), RegexOptions.CultureInvariant).Match(text);
        if (afterLine.Success && afterLine.Index < PreambleChars) return text[(afterLine.Index + afterLine.Length)..];
        return text;
    }

    [GeneratedRegex(@"^\s*```[A-Za-z]*[ \t]*\r?\n(?<body>.*?)\r?\n```\s*$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex WholeFence();
}

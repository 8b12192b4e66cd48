using System.Text.RegularExpressions;

namespace Sip.Teacher.Prompts;

/// <summary>
/// Reads the coherence judge's answer (paper §7: "which of A or B repeats itself less", answered with exactly
/// <c>A</c>, <c>B</c> or <c>TIE</c>): 1 = A, 0 = B, 0.5 = TIE, null = invalid. The paper asks for the verdict on the
/// final line, and a bare letter is too common in prose to look for anywhere else, so the rules are strict:
/// <list type="number">
/// <item>the last line with content (code fences and rules do not count) must be the verdict: the bare value
/// (<c>A</c>, <c>**B**</c>, <c>[TIE]</c>, <c>Text A</c>), or a label and the value (<c>Answer: A</c>,
/// <c>Final answer: TIE</c>), with nothing but punctuation after it;</item>
/// <item>a quoted line (<c>&gt;</c> or an opening quotation mark) is an echo, not a verdict;</item>
/// <item>another verdict line in the same paragraph that disagrees makes the answer ambiguous; so do <c>A/B</c> and
/// <c>A or B</c>, which are no verdict at all.</item>
/// </list>
/// </summary>
public static partial class CoherenceVerdict
{
    public static double? Parse(string answer)
    {
        if (AnswerText.Final(answer) is not { } final) return null;
        string[] lines = final.Split('\n');
        int last = lines.Length - 1;
        while (last >= 0 && VerdictLines.IsBlank(lines[last])) last--;
        if (last < 0 || Read(lines[last]) is not { } verdict) return null;

        for (int i = last - 1; i >= 0 && !VerdictLines.IsBlank(lines[i]); i--)
            if (Read(lines[i]) is { } other && other != verdict) return null;
        return verdict;
    }

    /// <summary>The verdict a line states on its own, or null when it is not a verdict line.</summary>
    private static double? Read(string line)
    {
        string text = line.TrimStart();
        if (text.StartsWith('>') || text.StartsWith('"') || text.StartsWith('\u201C') || text.StartsWith('\u00AB')) return null;
        string normalised = VerdictLines.Normalise(line);
        var labelled = Labelled().Match(normalised);
        var value = Value().Match(labelled.Success ? labelled.Groups["rest"].Value.Trim() : normalised);
        if (!value.Success) return null;
        return value.Groups["v"].Value.ToUpperInvariant() switch
        {
            "A" => 1.0,
            "B" => 0.0,
            _ => 0.5,
        };
    }

    [GeneratedRegex(@"^(?:final\s+)?(?:answer|verdict|decision|choice|judge?ment|conclusion|winner|result)\s*[:\uFF1A\-\u2013\u2014=]\s*(?<rest>.+)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Labelled();

    // A whole line holding one value: optional brackets or quotes, an optional "Text"/"Option"/"Response" before A or B.
    [GeneratedRegex(@"^[\[\(""'\u201C]*(?:(?:(?:text|option|response|candidate)\s+)?(?<v>A|B)|(?<v>TIE))[\]\)""'\u201D]*[.!]?$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Value();
}

using System.Text.RegularExpressions;

namespace Sip.Teacher.Prompts;

/// <summary>Reads <c>Conclusion: Option 1|2</c> (paper §4) from a pairwise quality judge's answer: 1 = Option 1 wins, 0 = Option 2 wins, null = invalid.</summary>
public static partial class QualityVerdict
{
    public static double? Parse(string answer) =>
        AnswerText.Final(answer) is { } final ? VerdictLines.Read(final, Label(), ReadValue, ReadBare) : null;

    private static double? ReadValue(string rest)
    {
        var named = Named().Matches(rest).Select(m => Number(m.Groups["n"].Value)).Distinct().ToList();
        var direct = Direct().Match(rest);
        int? option = direct.Success ? Number(direct.Groups["n"].Value) : named.Count == 1 ? named[0] : null;
        // A line that names both options ("Option 1 is less coherent than Option 2", "Option 1 is fluent, but Option 2
        // is more coherent") or negates one ("not Option 1") has no reading a parser can trust: comparatives cut both
        // ways. It counts as invalid, and the judge is asked again, rather than scoring whichever option came first.
        if (option is null || named.Any(n => n != option) || Negation().IsMatch(rest)) return null;
        return Score(option.Value);
    }

    private static double? ReadBare(string line)
    {
        var match = Bare().Match(line);
        return match.Success ? Score(Number(match.Groups["n"].Value)) : null;
    }

    private static int Number(string n) => n.ToLowerInvariant() switch { "1" or "one" => 1, _ => 2 };

    private static double Score(int option) => option == 1 ? 1.0 : 0.0;

    private const string Option = @"(?:option|opt\.?)\s*[#(\[]?\s*(?<n>1|2|one|two)\b[)\]]?";

    [GeneratedRegex(@"^conclusion\b\s*[:\uFF1A\-\u2013\u2014=]?\s*(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    [GeneratedRegex(@"^[\s\[\(""'\u201C]*(?:" + Option + @"|(?<n>[12])\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Direct();

    [GeneratedRegex(@"\b(?:not|neither|nor|isn'?t|aren'?t)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negation();

    [GeneratedRegex(Option, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Named();

    [GeneratedRegex(@"^[\s\[\(""'\u201C]*(?:" + Option + @"|(?<n>[12]))[\s\]\)""'\u201D.!]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bare();
}

using System.Text.RegularExpressions;

namespace Sip.Teacher.Prompts;

/// <summary>
/// Finds a verdict written as a labelled line (<c>FINAL DECISION: YES</c>, <c>Conclusion: Option 2</c>) in the judge's
/// final answer, and only there. Rules, in order:
/// <list type="number">
/// <item>A verdict line starts with the label, after markdown (bold, headings, list markers) is stripped; a label alone on
/// its line takes its value from the next non-empty line, which must then hold the bare value. Lines that quote
/// (<c>&gt;</c>, or opening with a quotation mark) and labels inside sentences are echoes, not verdicts.</item>
/// <item>The last verdict line decides; unreadable or self-contradictory (<c>YES/NO</c>) is invalid.</item>
/// <item>Another verdict line in the same paragraph that disagrees makes the answer ambiguous: invalid.</item>
/// <item>After it, at most <see cref="MaxTrailingLines"/> short lines of trailing text: a verdict followed by more
/// reasoning is not the judge's final word (it is more likely an echo of the candidate's text).</item>
/// </list>
/// </summary>
internal static partial class VerdictLines
{
    public const int MaxTrailingLines = 2;
    public const int MaxTrailingChars = 300;

    /// <param name="answer">The final answer (thinking already removed).</param>
    /// <param name="label">Matches a normalised line that starts with the label; group <c>rest</c> is what follows the label and its colon.</param>
    /// <param name="readValue">The verdict in <c>rest</c>, null when there is none or it is ambiguous.</param>
    /// <param name="readBareValue">The verdict of a line that holds only a value (for a label alone on its line).</param>
    public static T? Read<T>(string answer, Regex label, Func<string, T?> readValue, Func<string, T?> readBareValue) where T : struct
    {
        string[] lines = answer.Split('\n');
        var verdicts = new List<(int Start, int End, T? Value)>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (IsQuote(lines[i])) continue;
            var match = label.Match(Normalise(lines[i]));
            if (!match.Success) continue;
            string rest = match.Groups["rest"].Value.Trim();
            if (rest.Length > 0)
            {
                verdicts.Add((i, i, readValue(rest)));
                continue;
            }
            int next = NextContentLine(lines, i + 1);
            verdicts.Add(next < 0 ? (i, i, null) : (i, next, readBareValue(Normalise(lines[next]))));
        }
        if (verdicts.Count == 0) return null;

        var last = verdicts[^1];
        if (last.Value is null) return null;
        int paragraphStart = last.Start;
        while (paragraphStart > 0 && !IsBlank(lines[paragraphStart - 1])) paragraphStart--;
        if (verdicts.Any(v => v.Start >= paragraphStart && v.Start < last.Start && !Equals(v.Value, last.Value))) return null;
        return TrailingIsShort(lines.Skip(last.End + 1)) ? last.Value : null;
    }

    /// <summary>Whether the text after a verdict is a short remark rather than more reasoning.</summary>
    public static bool TrailingIsShort(IEnumerable<string> lines)
    {
        var content = lines.Where(l => !IsBlank(l)).Select(l => l.Trim()).ToList();
        return content.Count <= MaxTrailingLines && content.Sum(l => l.Length) <= MaxTrailingChars;
    }

    /// <summary>A line without markdown decoration: emphasis, inline code, heading marks and list markers removed.</summary>
    public static string Normalise(string line)
    {
        string text = line.Replace("**", "").Replace("__", "").Replace("*", "").Replace("`", "").Trim();
        return ListOrHeadingMarker().Replace(text, "").Trim();
    }

    /// <summary>Blank, or only a code fence or a horizontal rule.</summary>
    public static bool IsBlank(string line) => BlankLike().IsMatch(line);

    private static bool IsQuote(string line)
    {
        string text = line.TrimStart();
        return text.StartsWith('>') || text.StartsWith('"') || text.StartsWith('\u201C') || text.StartsWith('\u00AB');
    }

    private static int NextContentLine(string[] lines, int from)
    {
        for (int i = from; i < lines.Length; i++)
            if (!IsBlank(lines[i])) return i;
        return -1;
    }

    [GeneratedRegex(@"^(?:#+\s*|[-+\u2022]\s+|\d+[.)]\s+)+", RegexOptions.CultureInvariant)]
    private static partial Regex ListOrHeadingMarker();

    [GeneratedRegex(@"^\s*(?:```[A-Za-z]*|~~~[A-Za-z]*|[-*_]{3,})?\s*\r?$", RegexOptions.CultureInvariant)]
    private static partial Regex BlankLike();
}

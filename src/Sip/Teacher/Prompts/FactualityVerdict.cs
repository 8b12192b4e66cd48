using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sip.Teacher.Prompts;

/// <summary>
/// Reads the factuality judge's JSON <c>{"reasoning": ..., "label": ...}</c> (paper §4): 1 / 0.5 / 0 for No / Possible /
/// Definite Hallucination, null = invalid. The last JSON object with a label decides (objects quoted earlier in the
/// reasoning do not); it fails when two adjacent objects disagree, when one object holds two labels, when an unknown
/// label is given, or when more than a short remark follows it. Without any JSON object, a last line
/// <c>label: ...</c> is accepted (same rules as the line verdicts).
/// </summary>
public static partial class FactualityVerdict
{
    public static double? Parse(string answer)
    {
        if (AnswerText.Final(answer) is not { } final) return null;
        var labelled = JsonObjects.Find(final).Where(o => Labels(o.Root).Count > 0).ToList();
        if (labelled.Count == 0) return VerdictLines.Read(final, LabelLine(), ReadValue, ReadValue);

        var last = labelled[^1];
        var labels = Labels(last.Root).Select(Score).Distinct().ToList();
        if (labels.Count != 1 || labels[0] is not { } score) return null;
        if (labelled.Count > 1)
        {
            var previous = labelled[^2];
            bool adjacent = !Prose().IsMatch(final[previous.End..last.Start]);
            if (adjacent && Labels(previous.Root).Select(Score).Any(s => s != score)) return null;
        }
        var trailing = final[last.End..];
        // A label line after the object that says otherwise ("label: Definite Hallucination") leaves two answers.
        if (VerdictLines.Read(trailing, LabelLine(), ReadValue, ReadValue) is { } after && after != score) return null;
        return VerdictLines.TrailingIsShort(trailing.Split('\n')) ? score : null;
    }

    /// <summary>Maps a label, ignoring case, spaces, underscores and hyphens; null when it is none of the three.</summary>
    public static double? Score(string label) => NonLetters().Replace(label, "").ToLowerInvariant() switch
    {
        "nohallucination" => 1.0,
        "possiblehallucination" => 0.5,
        "definitehallucination" => 0.0,
        _ => null,
    };

    private static List<string> Labels(JsonElement root) =>
        root.EnumerateObject()
            .Where(p => p.Name.Equals("label", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())
            .ToList();

    private static double? ReadValue(string rest) => Score(rest.Trim().Trim('"', '\'', '.', ',', '[', ']', '{', '}'));

    [GeneratedRegex(@"^[""']?label[""']?\s*[:=]\s*(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LabelLine();

    // Text between two objects that holds words (other than a code fence's "json") is reasoning, so they are not adjacent.
    [GeneratedRegex(@"(?!json\b)\b[A-Za-z]{2,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Prose();

    [GeneratedRegex(@"[^A-Za-z]")]
    private static partial Regex NonLetters();
}

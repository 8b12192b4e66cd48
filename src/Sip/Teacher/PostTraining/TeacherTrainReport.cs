using System.Globalization;
using System.Text;

namespace Sip.Teacher.PostTraining;

/// <summary>The report of <c>sip teacher train</c>: the agreement table across stages (the shape of the paper's Table 11), with the targets.</summary>
public static class TeacherTrainReport
{
    /// <summary>The measures, how each is read from a report, and the target it is held to.</summary>
    public static IReadOnlyList<(string Measure, Func<AgreementReport, double> Read, double Target)> Measures { get; } =
    [
        ("safety agreement", r => Judge(r, "safety")?.Agreement ?? double.NaN, 0.95),
        ("factuality agreement", r => Judge(r, "factuality")?.Agreement ?? double.NaN, 0.85),
        ("quality agreement", r => Judge(r, "quality")?.Agreement ?? double.NaN, 0.80),
        ("quality position consistency", r => Judge(r, "quality")?.Consistency ?? double.NaN, double.NaN),
        ("parse rate (all judge tasks)", r => Parsed(r), 0.99),
        ("rewriter: clean suffixes copied", r => r.Rewriter?.CopyRate ?? double.NaN, 0.95),
        ("rewriter: unsafe suffixes rewritten safe", r => r.Rewriter?.SafeRate ?? double.NaN, 0.80),
        ("rewriter: false values corrected", r => r.Rewriter?.CorrectedRate ?? double.NaN, double.NaN),
    ];

    /// <param name="settings">the pipeline's settings</param>
    /// <param name="checks">the agreement report of each stage, by stage name</param>
    /// <param name="seconds">wall seconds of each training stage</param>
    public static string Markdown(TeacherTrainSettings settings, IReadOnlyDictionary<string, AgreementReport> checks, IReadOnlyDictionary<string, double> seconds)
    {
        var text = new StringBuilder();
        text.AppendLine("# Teacher post-training").AppendLine();
        text.AppendLine($"Base `{settings.Init}`, data `{settings.Data}`, templates {settings.Templates.ToString().ToLowerInvariant()}; rewrites rewarded and graded by the oracle of `{settings.World}`.").AppendLine();
        text.AppendLine(string.Join(", ", seconds.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:0} s"))) +
            string.Create(CultureInfo.InvariantCulture, $" (post-training {seconds.Values.Sum() / 60:0.0} min in all).")).AppendLine();
        if (checks.Count == 0) return text.AppendLine("No check was run.").ToString();
        var stages = checks.Keys.ToList();
        var any = checks.Values.First();
        text.AppendLine($"Held-out test split: {string.Join(", ", any.Judges.Select(j => $"{j.Task} {j.Examples}"))}" + (any.Rewriter is { } rw ? $", rewrite {rw.Examples}" : "") + " examples.").AppendLine();
        text.AppendLine($"| measure | {string.Join(" | ", stages)} | target |");
        text.AppendLine($"|---|{string.Concat(stages.Select(_ => "---|"))}---|");
        foreach (var (measure, read, target) in Measures)
            text.AppendLine($"| {measure} | {string.Join(" | ", stages.Select(s => Percent(read(checks[s]))))} | {(double.IsNaN(target) ? "" : "≥ " + Percent(target))} |");
        return text.ToString();
    }

    private static JudgeAgreement? Judge(AgreementReport report, string task) => report.Judges.FirstOrDefault(j => j.Task == task);

    private static double Parsed(AgreementReport report)
    {
        int examples = report.Judges.Sum(j => j.Examples);
        return examples == 0 ? double.NaN : (double)report.Judges.Sum(j => j.Parsed) / examples;
    }

    private static string Percent(double share) => double.IsNaN(share) ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100 * share:0.0}%");
}

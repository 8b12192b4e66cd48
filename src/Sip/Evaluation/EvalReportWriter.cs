using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sip.Evaluation;

/// <summary>Writes an <see cref="EvalReport"/> as JSON (everything, per-prefix scores included) and as a Markdown table.</summary>
public static class EvalReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string ToJson(EvalReport report) => JsonSerializer.Serialize(report, Json);

    public static EvalReport FromJson(string json) => JsonSerializer.Deserialize<EvalReport>(json, Json)!;

    public static string ToMarkdown(EvalReport report)
    {
        var md = new StringBuilder();
        md.AppendLine($"Checkpoint `{report.Checkpoint}`" + (report.Baseline is null ? "" : $" against baseline `{report.Baseline}`") + $"; judge `{report.Judge}`.");
        md.AppendLine();
        md.AppendLine("| set | prefixes | quality win % | coherence win % | safety % | factuality % |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var s in report.Sets.Where(s => s.Scores.Count == 0))
            md.AppendLine($"| {s.Name} | {s.Prefixes} | {Cell(s.QualityWinRate)} | {Cell(s.CoherenceWinRate)} | {Cell(s.Safety)} | {Cell(s.Factuality)} |");
        foreach (var s in report.Sets.Where(s => s.Scores.Count > 0))
        {
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{s.Name} ({s.Prefixes} items, % right by likelihood):");
            foreach (var (name, estimate) in s.Scores) md.AppendLine(CultureInfo.InvariantCulture, $"- {name}: {Cell(estimate)}");
        }
        if (report.Perplexity is { } ppl) md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Held-out perplexity (suffix tokens): {ppl:F2}.");
        md.AppendLine().AppendLine("Cells: mean [95% bootstrap interval over prefixes]; win rates count a tie as half; – where not measured.");
        return md.ToString();
    }

    public static string Cell(Estimate? e) => e is null || double.IsNaN(e.Mean)
        ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{e.Mean:F1} [{e.Low:F1}, {e.High:F1}]");

    public static void Write(EvalReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        Platform.SipPaths.WriteAtomically(Path.Combine(folder, "eval.json"), Encoding.UTF8.GetBytes(ToJson(report)));
        Platform.SipPaths.WriteAtomically(Path.Combine(folder, "eval.md"), Encoding.UTF8.GetBytes(ToMarkdown(report)));
    }
}

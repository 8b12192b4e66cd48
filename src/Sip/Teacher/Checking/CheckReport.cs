using System.Globalization;
using System.Text;

namespace Sip.Teacher.Checking;

/// <summary>
/// One task's figures: requests sent, samples asked, samples with a usable answer (parse rate), usable samples that
/// agree with the known answer (agreement), and the latency of requests (each request's slowest sample) at p50 and p95.
/// </summary>
public sealed record CheckRow(string Task, int Requests, int Samples, int Usable, int Agreeing, double P50Ms, double P95Ms)
{
    /// <summary>Share of samples with a usable answer.</summary>
    public double ParseRate => Samples == 0 ? double.NaN : (double)Usable / Samples;

    /// <summary>Share of usable samples that agree with the known answer.</summary>
    public double Agreement => Usable == 0 ? double.NaN : (double)Agreeing / Usable;
}

/// <summary>What <c>sip teacher check</c> found: a row per task, the whole, and the cases the teacher got wrong.</summary>
public sealed record CheckReport(string Teacher, string Cases, IReadOnlyList<CheckRow> Rows, CheckRow Total, IReadOnlyList<string> Disagreements)
{
    /// <summary>A Markdown table and the list of disagreements.</summary>
    public string ToMarkdown()
    {
        static string Share(double x) => double.IsNaN(x) ? "–" : (100 * x).ToString("F1", CultureInfo.InvariantCulture) + "%";
        static string Ms(double x) => x.ToString("F0", CultureInfo.InvariantCulture);
        var text = new StringBuilder()
            .AppendLine($"teacher: {Teacher}")
            .AppendLine($"cases: {Cases}")
            .AppendLine()
            .AppendLine("| task | requests | samples | parse rate | agreement | p50 ms | p95 ms |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Rows.Append(Total))
            text.AppendLine($"| {row.Task} | {row.Requests} | {row.Samples} | {Share(row.ParseRate)} | {Share(row.Agreement)} | {Ms(row.P50Ms)} | {Ms(row.P95Ms)} |");
        if (Disagreements.Count > 0)
        {
            text.AppendLine().AppendLine($"{Disagreements.Count} disagreement(s):");
            foreach (var d in Disagreements) text.AppendLine("- " + d);
        }
        return text.ToString();
    }
}

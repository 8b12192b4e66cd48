using System.Globalization;
using System.Text;
using Sip.Evaluation;

namespace Sip.Reproduction;

/// <summary>
/// One of the paper's main continual findings: a SIP run beats next-token prediction on one column. The paper reads it
/// from Table 1 as the SIP row against NTP on SlimPajama; sip reads it as the paired difference against continual NTP
/// on the same prefixes, and the finding holds when the difference's 95% interval lies above 0.
/// </summary>
/// <param name="Claim">the finding in words</param>
/// <param name="Run">the SIP run it is read from</param>
/// <param name="Column">the measure</param>
/// <param name="Paper">the paper's difference in points (Table 1: the SIP row minus "NTP on SP")</param>
public sealed record Finding(string Claim, string Run, ComparisonTable.Column Column, double Paper);

/// <summary>A finding measured: its paired difference against continual NTP (null when a run or its scores are missing).</summary>
public sealed record FindingResult(Finding Finding, Estimate? Difference)
{
    public bool Holds => Difference is { Low: > 0 };
}

/// <summary>The paper's five main continual findings (its Table 1), the ones `sip reproduce` is judged by.</summary>
public static class MainFindings
{
    public static IReadOnlyList<Finding> All { get; } =
    [
        new("SIP safety raises safety", ReproducePipeline.SipSafetyName, Column("Safety"), 91.1 - 77.0),
        new("SIP factuality raises factuality", ReproducePipeline.SipFactualityName, Column("Factuality"), 57.6 - 44.0),
        new("SIP quality raises the win rate on standard prefixes", ReproducePipeline.SipQualityName, Column("GQ std"), 86.3 - 49.0),
        new("SIP quality raises coherence", ReproducePipeline.SipQualityName, Column("Coherence"), 87.9 - 49.4),
        new("SIP safety raises quality on unsafe prefixes", ReproducePipeline.SipSafetyName, Column("GQ unsafe"), 77.7 - 44.9),
    ];

    /// <summary>Each finding on one reproduction's runs.</summary>
    public static IReadOnlyList<FindingResult> Measure(IReadOnlyList<RunSummary> runs, int resamples = 2000)
    {
        var ntp = runs.FirstOrDefault(r => r.Name == ReproducePipeline.NtpRunName);
        return All.Select(f => new FindingResult(f,
            ntp is not null && runs.FirstOrDefault(r => r.Name == f.Run) is { } run ? ComparisonTable.Difference(run.Eval, ntp.Eval, f.Column, resamples) : null)).ToList();
    }

    /// <summary>The findings as a markdown table: sip's paired difference, whether it holds, and the paper's.</summary>
    public static string Markdown(IReadOnlyList<FindingResult> results)
    {
        var md = new StringBuilder();
        md.AppendLine("| finding | run − continual NTP | holds | paper |").AppendLine("|---|---|---|---|");
        foreach (var r in results)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Finding.Claim} ({r.Finding.Column.Header}) | {ComparisonTable.DifferenceCell(r.Difference)} | {(r.Difference is null ? "–" : r.Holds ? "yes" : "no")} | {r.Finding.Paper:+0.0} |");
        return md.ToString();
    }

    private static ComparisonTable.Column Column(string header) => ComparisonTable.Columns.Single(c => c.Header == header);
}

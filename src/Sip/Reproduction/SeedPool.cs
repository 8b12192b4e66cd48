using System.Globalization;
using System.Text;
using System.Text.Json;
using Sip.Evaluation;

namespace Sip.Reproduction;

/// <summary>
/// Reproductions of several world seeds read together: each run's paired difference against continual NTP per seed,
/// and pooled over every seed's prefixes, so that a conclusion rests on more than one world (a finding that holds on
/// seed 1 and flips on seed 2 shows as an interval that straddles 0, with the per-seed figures beside it).
/// </summary>
public static class SeedPool
{
    public const string ReportFile = "pooled.md";

    /// <summary>The folder of one seed's reproduction under the pooled one.</summary>
    public static string SeedFolder(string root, ulong seed) => Path.Combine(root, $"seed-{seed}");

    /// <summary>Reads each seed's report/results.json and writes the pooled table to <c>{root}/report/pooled.md</c>; returns its path.</summary>
    public static string Write(string root, IReadOnlyList<ulong> seeds, int resamples = 2000)
    {
        var perSeed = seeds.ToDictionary(s => s, s => Read(Path.Combine(SeedFolder(root, s), "report", ReportWriter.ResultsFile)));
        var md = new StringBuilder();
        md.AppendLine($"# sip reproduce over {seeds.Count} world seeds ({string.Join(", ", seeds)})");
        md.AppendLine();
        md.AppendLine("Paired differences against continual NTP in points, 95% bootstrap intervals: *pooled* over every seed's prefixes " +
            "(each seed is its own world, so its prefixes are independent of the others'), then each seed alone. Bold: the interval excludes 0.");
        md.AppendLine();
        md.AppendLine("## The paper's five findings");
        md.AppendLine();
        md.AppendLine("A finding holds on a seed when that seed's interval lies above 0; the last column counts the seeds it holds on.");
        md.AppendLine();
        md.Append("| finding | pooled | ").Append(string.Join(" | ", seeds.Select(s => $"seed {s}"))).AppendLine(" | holds | paper |");
        md.Append("|---|---|").Append(string.Concat(seeds.Select(_ => "---|"))).AppendLine("---|---|");
        foreach (var finding in MainFindings.All)
        {
            var (pooled, each) = Differences(perSeed, seeds, finding.Run, finding.Column, resamples);
            md.Append(CultureInfo.InvariantCulture, $"| {finding.Claim} ({finding.Column.Header}) | {ComparisonTable.DifferenceCell(pooled)} | ");
            md.Append(string.Join(" | ", each.Select(ComparisonTable.DifferenceCell)));
            md.AppendLine(CultureInfo.InvariantCulture, $" | {each.Count(d => d is { Low: > 0 })} of {seeds.Count} | {finding.Paper:+0.0} |");
        }
        var runs = perSeed.Values.First().Keys.Where(n => n != ReproducePipeline.BaseRunName && n != ReproducePipeline.NtpRunName && perSeed.Values.All(r => r.ContainsKey(n))).ToList();
        foreach (var column in ComparisonTable.Columns)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## {column.Header}");
            md.AppendLine();
            md.Append("| run | pooled | ").Append(string.Join(" | ", seeds.Select(s => $"seed {s}"))).AppendLine(" |");
            md.Append("|---|---|").AppendLine(string.Concat(seeds.Select(_ => "---|")));
            foreach (var run in runs)
            {
                var (pooled, each) = Differences(perSeed, seeds, run, column, resamples);
                md.AppendLine(CultureInfo.InvariantCulture, $"| {run} | {ComparisonTable.DifferenceCell(pooled)} | {string.Join(" | ", each.Select(ComparisonTable.DifferenceCell))} |");
            }
        }
        var folder = Path.Combine(root, "report");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, ReportFile);
        File.WriteAllText(path, md.ToString());
        return path;
    }

    /// <summary>A run's paired difference against continual NTP on one column: pooled over every seed's prefixes, and per seed (null where a seed lacks it).</summary>
    private static (Estimate? Pooled, IReadOnlyList<Estimate?> PerSeed) Differences(Dictionary<ulong, Dictionary<string, EvalReport>> perSeed, IReadOnlyList<ulong> seeds,
        string run, ComparisonTable.Column column, int resamples)
    {
        var pairs = seeds.Select(s => perSeed[s].TryGetValue(run, out var r) && perSeed[s].TryGetValue(ReproducePipeline.NtpRunName, out var ntp)
            ? ComparisonTable.Paired(r, ntp, column.Set, column.Metric) : null).ToList();
        var present = pairs.OfType<(IReadOnlyList<double> Run, IReadOnlyList<double> Reference)>().ToList();
        var pooled = present.Count == 0 ? null
            : Bootstrap.PairedDifference(present.SelectMany(p => p.Run).ToList(), present.SelectMany(p => p.Reference).ToList(), resamples).Scale(100);
        return (pooled, pairs.Select(p => p is { } x ? Bootstrap.PairedDifference(x.Run, x.Reference, resamples).Scale(100) : null).ToList());
    }

    private static Dictionary<string, EvalReport> Read(string results)
    {
        if (!File.Exists(results)) throw new SipInputException(results, null, "this seed's reproduction has no results; run it first");
        using var document = JsonDocument.Parse(File.ReadAllText(results));
        return document.RootElement.EnumerateArray().ToDictionary(
            r => r.GetProperty("name").GetString()!,
            r => EvalReportWriter.FromJson(r.GetProperty("eval").GetRawText()));
    }
}

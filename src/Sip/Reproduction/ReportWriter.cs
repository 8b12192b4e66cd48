using System.Globalization;
using System.Text;
using Sip.Evaluation;
using Sip.Metrics;
using Sip.Reporting;
using Sip.Training.Rewards;

namespace Sip.Reproduction;

/// <summary>
/// Writes the reproduction's report folder: <c>report.md</c> (the table, the differences against NTP, the settings),
/// <c>results.json</c> (every evaluation, per-prefix scores included) and PNG plots of training and of the final table.
/// </summary>
public static class ReportWriter
{
    public const string ReportFile = "report.md";
    public const string ResultsFile = "results.json";
    public static readonly string[] PlotFiles = ["loss.png", "reward.png", "rollout-chosen.png", "table.png"];

    /// <summary>Written only when the reproduction has from-scratch runs: their loss and candidate-kind chosen rates.</summary>
    public const string ScratchPlotFile = "scratch.png";

    public static void Write(string folder, string command, string settingsJson, RunSummary baseRun, IReadOnlyList<RunSummary> runs,
        TimeSpan elapsed, IReadOnlyList<string> notes, IReadOnlyList<string>? sections = null)
    {
        Directory.CreateDirectory(folder);
        var all = new[] { baseRun }.Concat(runs).ToList();
        WritePlots(folder, all);
        var json = "[" + string.Join(",\n", all.Select(r => $"{{\"name\":{System.Text.Json.JsonSerializer.Serialize(r.Name)},\"trainSeconds\":{r.TrainSeconds.ToString("F1", CultureInfo.InvariantCulture)},\"eval\":{EvalReportWriter.ToJson(r.Eval)}}}")) + "]";
        File.WriteAllText(Path.Combine(folder, ResultsFile), json);
        File.WriteAllText(Path.Combine(folder, ReportFile), Markdown(command, settingsJson, all, elapsed, notes, sections));
    }

    /// <summary>The report; <paramref name="sections"/> are markdown sections of ablations that are not runs (the judging-plan study), placed before the list of runs.</summary>
    public static string Markdown(string command, string settingsJson, IReadOnlyList<RunSummary> runs, TimeSpan elapsed, IReadOnlyList<string> notes,
        IReadOnlyList<string>? sections = null)
    {
        var md = new StringBuilder();
        md.AppendLine("# sip reproduce: self-improving pretraining on TinyWorld");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}` — finished in {elapsed.TotalMinutes:F1} minutes.");
        md.AppendLine();
        var findings = MainFindings.Measure(runs);
        if (findings.Any(f => f.Difference is not null))
        {
            md.AppendLine("## The paper's five findings");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"The paper's main continual results (Table 1), each a SIP run against continual NTP: paired differences in points on the same prefixes, 95% bootstrap intervals. A finding holds when its interval lies above 0: {findings.Count(f => f.Holds)} of {findings.Count} hold here. The paper's column is its SIP row minus NTP on SlimPajama.");
            md.AppendLine();
            md.Append(MainFindings.Markdown(findings));
            md.AppendLine();
        }
        if (runs.FirstOrDefault(r => r.Name == ReproducePipeline.BaseRunName) is { } baseRun && runs.Any(r => r.Name.StartsWith("SIP ", StringComparison.Ordinal)))
        {
            md.AppendLine("## The abstract's figures");
            md.AppendLine();
            md.AppendLine("Computed as the abstract computes them from Table 1: relative changes (SIP − base) / base, and the best win rate over the base, with 95% bootstrap intervals over prefixes.");
            md.AppendLine();
            md.AppendLine("| figure | run | sip | paper |").AppendLine("|---|---|---|---|");
            foreach (var h in HeadlineFigures.Of(baseRun, runs.Where(r => r != baseRun).ToList()))
            {
                bool relative = h.IsRelative;
                string value = h.Value is not { } v ? "–"
                    : double.IsNaN(v.Mean) ? "undefined: the base scores 0"
                    : relative
                    ? string.Create(CultureInfo.InvariantCulture, $"{v.Mean:+0.0;-0.0}% [{v.Low:+0.0;-0.0}, {v.High:+0.0;-0.0}]")
                    : string.Create(CultureInfo.InvariantCulture, $"{v.Mean:0.0}% [{v.Low:0.0}, {v.High:0.0}]");
                md.AppendLine(CultureInfo.InvariantCulture, $"| {h.Measure} | {h.Run} | {value} | {(relative ? "+" : "")}{h.Paper:0.0}% |");
            }
            md.AppendLine();
        }
        md.AppendLine("Every model is evaluated against the base model it started from (win rates: base = 50), on held-out TinyWorld prefixes, " +
            "by the TinyWorld oracle judge. Cells: mean [95% bootstrap interval over prefixes], in percent.");
        md.AppendLine();
        md.Append("| run | ").Append(string.Join(" | ", ComparisonTable.Columns.Select(c => c.Header))).AppendLine(" | val ppl |");
        md.Append("|---|").Append(string.Concat(ComparisonTable.Columns.Select(_ => "---|"))).AppendLine("---|");
        foreach (var run in runs)
        {
            md.Append("| ").Append(run.Name).Append(" | ");
            foreach (var column in ComparisonTable.Columns) md.Append(EvalReportWriter.Cell(ComparisonTable.Cell(run.Eval, column))).Append(" | ");
            md.AppendLine(run.Eval.Perplexity is { } p ? p.ToString("F2", CultureInfo.InvariantCulture) + " |" : "– |");
        }
        // One table of paired differences per reference run: continual runs against continual NTP, from-scratch runs
        // against NTP from scratch.
        foreach (var group in runs.Where(r => r.Reference is not null).GroupBy(r => r.Reference!))
        {
            var reference = runs.FirstOrDefault(r => r.Name == group.Key);
            if (reference is null) continue;
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## {(reference.FromScratch ? "From scratch: against NTP from scratch" : "Against continual NTP")} ({group.Key})");
            md.AppendLine();
            md.AppendLine("Paired differences (run − reference) in percentage points on the same prefixes, with 95% bootstrap intervals. " +
                "**Bold**: the interval excludes zero.");
            md.AppendLine();
            md.Append("| run | ").Append(string.Join(" | ", ComparisonTable.Columns.Select(c => c.Header))).AppendLine(" |");
            md.Append("|---|").AppendLine(string.Concat(ComparisonTable.Columns.Select(_ => "---|")));
            foreach (var run in group.Where(r => r != reference))
            {
                md.Append("| ").Append(run.Name).Append(" | ");
                foreach (var column in ComparisonTable.Columns)
                    md.Append(ComparisonTable.DifferenceCell(ComparisonTable.Difference(run.Eval, reference.Eval, column))).Append(" | ");
                md.AppendLine();
            }
        }
        foreach (var section in sections ?? [])
        {
            md.AppendLine();
            md.Append(section.TrimEnd()).AppendLine();
        }
        md.AppendLine();
        md.AppendLine("## Runs");
        md.AppendLine();
        foreach (var run in runs) md.AppendLine(CultureInfo.InvariantCulture, $"- **{run.Name}**: {run.Description} ({run.TrainSeconds:F0} s of training; `{run.RunFolder}`)");
        if (notes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (var note in notes) md.AppendLine("- " + note);
        }
        md.AppendLine();
        md.AppendLine("## Plots");
        md.AppendLine();
        md.AppendLine("![training loss](loss.png)");
        md.AppendLine("![judge reward of the policy's rollouts](reward.png)");
        md.AppendLine("![rollout-chosen rate](rollout-chosen.png)");
        md.AppendLine("![final table](table.png)");
        if (runs.Any(r => r.FromScratch)) md.AppendLine(CultureInfo.InvariantCulture, $"![from scratch: what the policy learns from]({ScratchPlotFile})");
        md.AppendLine();
        md.AppendLine("## Examples");
        foreach (var run in runs.Skip(1))
        {
            var example = run.Eval.Sets.SelectMany(s => s.Examples.Select(e => (s.Name, e))).FirstOrDefault(x => x.Name == "unsafe");
            if (example.e is null) continue;
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"**{run.Name}**, unsafe prefix …{Tail(example.e.Prefix, 160)}");
            md.AppendLine();
            md.AppendLine("> " + example.e.Model.Replace("\n", " ").Trim());
        }
        md.AppendLine();
        md.AppendLine("## Settings");
        md.AppendLine();
        md.AppendLine("```json");
        md.AppendLine(settingsJson);
        md.AppendLine("```");
        return md.ToString();
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];

    private static void WritePlots(string folder, IReadOnlyList<RunSummary> runs)
    {
        var metrics = runs.ToDictionary(r => r.Name, r =>
        {
            var path = Path.Combine(r.RunFolder, "metrics.jsonl");
            return File.Exists(path) ? JsonlMetricsReader.Read(path) : [];
        });
        Charts.Series Series(string run, string name) => new(run,
            metrics[run].Where(m => m.Metrics.ContainsKey(name)).Select(m => (double)m.Step).ToList(),
            metrics[run].Where(m => m.Metrics.ContainsKey(name)).Select(m => m.Metrics[name]).ToList());
        // Continual runs share the training plots (80 steps); from-scratch runs (as long as the base) get their own.
        var trained = runs.Skip(1).Where(r => !r.FromScratch).Select(r => r.Name).ToList();
        Charts.Lines(Path.Combine(folder, PlotFiles[0]), "training loss (each objective's own)", "loss", trained.Select(r => Series(r, MetricNames.TrainLoss)).ToList(), smooth: 5);
        Charts.Lines(Path.Combine(folder, PlotFiles[1]), "judge reward of the policy's own rollouts", "mean reward r", trained.Select(r => Series(r, Sip.Metrics.MetricNames.ScoresRollouts)).Where(s => s.Values.Count > 0).ToList(), smooth: 5);
        Charts.Lines(Path.Combine(folder, PlotFiles[2]), "rollout-chosen rate (the emergent curriculum)", "share of prefixes", trained.Select(r => Series(r, MetricNames.ChosenRollout)).Where(s => s.Values.Count > 0).ToList(), smooth: 5);
        var scratch = runs.Where(r => r.FromScratch).Select(r => r.Name).ToList();
        if (scratch.Count > 0)
        {
            // The curriculum from scratch (the paper's Fig. 8): which candidate kind the judge chose, per run.
            var kinds = new[] { (MetricNames.ChosenSuffix, "suffix"), (MetricNames.ChosenRewrite, "rewrite"), (MetricNames.ChosenRollout, "rollout") };
            var series = scratch.SelectMany(r => kinds.Select(k => Series(r, k.Item1) with { Label = $"{r.Replace("Scratch: ", "")}: {k.Item2}" }))
                .Where(x => x.Values.Count > 0).ToList();
            Charts.Lines(Path.Combine(folder, ScratchPlotFile), "from scratch: share of prefixes whose chosen candidate is each kind", "share of prefixes", series, smooth: 10);
        }
        var columns = ComparisonTable.Columns;
        Charts.GroupedBars(Path.Combine(folder, PlotFiles[3]), "final table (95% intervals)", "%", columns.Select(c => c.Header).ToList(), runs.Select(r => r.Name).ToList(),
            runs.Select(r => (IReadOnlyList<Charts.Bar>)columns.Select(c => ComparisonTable.Cell(r.Eval, c) is { } e ? new Charts.Bar(e.Mean, e.Low, e.High) : new Charts.Bar(double.NaN, double.NaN, double.NaN)).ToList()).ToList());
    }
}

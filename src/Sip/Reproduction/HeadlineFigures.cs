using Sip.Evaluation;

namespace Sip.Reproduction;

/// <summary>One of the abstract's figures: sip's value (with its 95% interval) beside the paper's.</summary>
/// <param name="Measure">what the figure is</param>
/// <param name="Run">the run it is read from</param>
/// <param name="Value">sip's value in percent; null when the run or its scores are missing</param>
/// <param name="Paper">the paper's value in percent</param>
/// <param name="IsRelative">a relative change, (SIP − base) / base, rather than a rate</param>
public sealed record Headline(string Measure, string Run, Estimate? Value, double Paper, bool IsRelative);

/// <summary>
/// The abstract's three figures computed the abstract's way (paper Table 1 against its Llama Base): factuality and
/// safety of SIP factuality and SIP safety relative to the base model, (SIP − base) / base (57.6 vs 42.3 is +36.2%;
/// 91.1 vs 76.9 is +18.5%), and the best quality win rate over the base among the SIP runs (SIP quality, 86.3%).
/// </summary>
public static class HeadlineFigures
{
    public const double PaperFactuality = 36.2, PaperSafety = 18.5, PaperWinRate = 86.3;

    /// <param name="baseRun">the base model's evaluation</param>
    /// <param name="runs">the trained runs</param>
    /// <param name="resamples">bootstrap resamples of the intervals</param>
    public static IReadOnlyList<Headline> Of(RunSummary baseRun, IReadOnlyList<RunSummary> runs, int resamples = 2000)
    {
        RunSummary? Named(string name) => runs.FirstOrDefault(r => r.Name == name);
        var sip = runs.Where(r => r.Name is ReproducePipeline.SipQualityName or ReproducePipeline.SipFactualityName or ReproducePipeline.SipSafetyName).ToList();
        var best = sip.Select(r => (Run: r, Cell: ComparisonTable.Cell(r.Eval, ComparisonTable.Columns[0]))).Where(x => x.Cell is not null)
            .OrderByDescending(x => x.Cell!.Mean).FirstOrDefault();
        return
        [
            new("factuality over the base (relative)", ReproducePipeline.SipFactualityName, Relative(Named(ReproducePipeline.SipFactualityName), baseRun, "facts", "factuality", resamples), PaperFactuality, IsRelative: true),
            new("safety over the base (relative)", ReproducePipeline.SipSafetyName, Relative(Named(ReproducePipeline.SipSafetyName), baseRun, "unsafe", "safety", resamples), PaperSafety, IsRelative: true),
            new("best quality win rate over the base", best.Run?.Name ?? "–", best.Cell, PaperWinRate, IsRelative: false),
        ];
    }

    /// <summary>(run − base) / base of a pointwise measure on the prefixes both scored, in percent.</summary>
    public static Estimate? Relative(RunSummary? run, RunSummary baseRun, string set, string metric, int resamples = 2000) =>
        run is not null && ComparisonTable.Paired(run.Eval, baseRun.Eval, set, metric) is { } p
            ? Bootstrap.PairedRelativeChange(p.Run, p.Reference, resamples).Scale(100)
            : null;
}

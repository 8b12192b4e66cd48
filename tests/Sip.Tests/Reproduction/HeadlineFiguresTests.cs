using Sip.Evaluation;
using Sip.Reproduction;

namespace Sip.Tests.Reproduction;

public class HeadlineFiguresTests
{
    [Fact]
    public void TheAbstractsRelativeFigures_FollowFromTable1()
    {
        // Table 1: Llama Base 42.3 factuality, 76.9 safety; SIP factuality 57.6, SIP safety 91.1.
        Assert.Equal(36.2, Math.Round(100 * (57.6 - 42.3) / 42.3, 1));
        Assert.Equal(18.5, Math.Round(100 * (91.1 - 76.9) / 76.9, 1));
    }

    [Fact]
    public void ARelativeChange_IsTheChangeOfTheMeans_OverTheBasesMean_PairedOverPrefixes()
    {
        // Means 0.7 and 0.5: +40%; the mean of the per-prefix ratios would be +51%.
        var change = Bootstrap.PairedRelativeChange([0.6, 0.8, 1.0, 0.4], [0.5, 0.5, 0.8, 0.2], resamples: 500);
        Assert.Equal((0.7 - 0.5) / 0.5, change.Mean, 12);
        Assert.True(change.Low <= change.Mean && change.Mean <= change.High, change.ToString());
        Assert.Equal(4, change.Count);

        var none = Bootstrap.PairedRelativeChange([1.0], [0.0]);
        Assert.True(double.IsNaN(none.Mean));
    }

    private static RunSummary Run(string name, double[] factuality, double[] safety, double quality) => new(name, "", "", new EvalReport("", null, "oracle",
    [
        new SetResult("facts", factuality.Length, null, null, null, Bootstrap.Mean(factuality).Scale(100), 0, 0)
            { PerPrefix = new Dictionary<string, IReadOnlyList<double?>> { ["factuality"] = factuality.Select(v => (double?)v).ToList() } },
        new SetResult("unsafe", safety.Length, null, null, Bootstrap.Mean(safety).Scale(100), null, 0, 0)
            { PerPrefix = new Dictionary<string, IReadOnlyList<double?>> { ["safety"] = safety.Select(v => (double?)v).ToList() } },
        new SetResult("standard", 4, new Estimate(quality, quality - 5, quality + 5, 4), null, null, null, 0, 0),
    ], null), 0);

    [Fact]
    public void TheFigures_ComeFromTheirRuns_AndTheBestWinRateFromTheSipRunsOnly()
    {
        var baseRun = Run(ReproducePipeline.BaseRunName, [0.5, 0.5, 0.5, 0.5], [0.5, 1, 0.5, 0], 50);
        var runs = new[]
        {
            Run(ReproducePipeline.NtpRunName, [1, 1, 1, 1], [1, 1, 1, 1], 99),
            Run(ReproducePipeline.SipQualityName, [0.5, 0.5, 0.5, 0.5], [0.5, 0.5, 0.5, 0.5], 80),
            Run(ReproducePipeline.SipFactualityName, [1, 0.5, 1, 0.5], [0.5, 0.5, 0.5, 0.5], 70),
            Run(ReproducePipeline.SipSafetyName, [0.5, 0.5, 0.5, 0.5], [1, 1, 1, 0], 60),
        };
        var figures = HeadlineFigures.Of(baseRun, runs, resamples: 200);

        Assert.Equal(50.0, figures[0].Value!.Mean, 9); // factuality 0.75 against 0.5
        Assert.Equal(ReproducePipeline.SipFactualityName, figures[0].Run);
        Assert.Equal(50.0, figures[1].Value!.Mean, 9); // safety 0.75 against 0.5
        Assert.Equal(80.0, figures[2].Value!.Mean); // NTP's 99 is not a SIP run
        Assert.Equal(ReproducePipeline.SipQualityName, figures[2].Run);
        Assert.Equal([36.2, 18.5, 86.3], figures.Select(f => f.Paper));

        var report = ReportWriter.Markdown("sip reproduce", "{}", [baseRun, .. runs], TimeSpan.FromMinutes(1), []);
        Assert.Contains("## The abstract's figures", report);
        Assert.Contains("+50.0%", report);
        Assert.Contains("+36.2%", report);

        // TinyWorld's base never de-escalates a hostile prefix: a relative change from 0 is undefined, and says so.
        var unsafeBase = Run(ReproducePipeline.BaseRunName, [0.5, 0.5, 0.5, 0.5], [0, 0, 0, 0], 50);
        Assert.Contains("undefined: the base scores 0", ReportWriter.Markdown("sip reproduce", "{}", [unsafeBase, .. runs], TimeSpan.FromMinutes(1), []));
    }
}

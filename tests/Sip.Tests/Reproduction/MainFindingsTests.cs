using Sip.Evaluation;
using Sip.Reproduction;

namespace Sip.Tests.Reproduction;

public class MainFindingsTests
{
    [Fact]
    public void ThePapersDifferences_AreTable1sSipRowsMinusNtpOnSlimPajama()
    {
        // Table 1: NTP on SP 49.0 GQ std, 44.9 GQ unsafe, 49.4 coherence, 44.0 factuality, 77.0 safety.
        Assert.Equal([14.1, 13.6, 37.3, 38.5, 32.8], MainFindings.All.Select(f => Math.Round(f.Paper, 1)));
        Assert.Equal(["Safety", "Factuality", "GQ std", "Coherence", "GQ unsafe"], MainFindings.All.Select(f => f.Column.Header));
        Assert.Equal([ReproducePipeline.SipSafetyName, ReproducePipeline.SipFactualityName, ReproducePipeline.SipQualityName, ReproducePipeline.SipQualityName, ReproducePipeline.SipSafetyName],
            MainFindings.All.Select(f => f.Run));
    }

    private static RunSummary Run(string name, double[] standardQuality, double[] safety) => new(name, "", "", new EvalReport("", null, "oracle",
    [
        new SetResult("standard", standardQuality.Length, null, null, null, null, 0, 0)
            { PerPrefix = new Dictionary<string, IReadOnlyList<double?>> { ["quality"] = standardQuality.Select(v => (double?)v).ToList() } },
        new SetResult("unsafe", safety.Length, null, null, null, null, 0, 0)
            { PerPrefix = new Dictionary<string, IReadOnlyList<double?>> { ["safety"] = safety.Select(v => (double?)v).ToList() } },
    ], null), 0);

    [Fact]
    public void AFinding_IsThePairedDifferenceAgainstContinualNtp_AndHoldsOnlyWhenItsIntervalIsAboveZero()
    {
        double[] half = Enumerable.Repeat(0.5, 40).ToArray();
        var ntp = Run(ReproducePipeline.NtpRunName, half, half);
        // SIP quality wins every standard prefix (+50 points, no spread); SIP safety is safe on half the prefixes NTP is: a mean of 0.
        var quality = Run(ReproducePipeline.SipQualityName, Enumerable.Repeat(1.0, 40).ToArray(), half);
        var safety = Run(ReproducePipeline.SipSafetyName, half, Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 1.0 : 0.0).ToArray());

        var results = MainFindings.Measure([ntp, quality, safety], resamples: 500);

        var gqStd = results.Single(r => r.Finding.Column.Header == "GQ std");
        Assert.Equal(50.0, gqStd.Difference!.Mean, 9);
        Assert.True(gqStd.Holds);
        var safe = results.Single(r => r.Finding.Column.Header == "Safety");
        Assert.Equal(0.0, safe.Difference!.Mean, 9);
        Assert.False(safe.Holds);
        // No SIP factuality run, and no coherence scores: nothing measured, nothing claimed.
        Assert.Null(results.Single(r => r.Finding.Column.Header == "Factuality").Difference);
        Assert.Null(results.Single(r => r.Finding.Column.Header == "Coherence").Difference);

        var table = MainFindings.Markdown(results);
        Assert.Contains("| SIP quality raises the win rate on standard prefixes (GQ std) | **+50.0 [+50.0, +50.0]** | yes | +37.3 |", table);
        Assert.Contains("| SIP safety raises safety (Safety) | 0.0 [", table);
        Assert.Contains("| no | +14.1 |", table);
    }
}

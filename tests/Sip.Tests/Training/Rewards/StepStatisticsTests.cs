using Sip.Training;
using Sip.Metrics;
using Sip.Teacher;
using Sip.Training.Rewards;
using static Sip.Tests.Training.Rewards.Pools;

namespace Sip.Tests.Training.Rewards;

public class StepStatisticsTests
{
    private const int Precision = 12;

    // Five DPO prefixes: four selected, one all-tie skip. Chosen kinds: rollout, rollout, suffix, rewrite;
    // rejected kinds: suffix, rewrite, rollout, rollout.
    private static IReadOnlyList<Selection> DpoStep()
    {
        var rng = new Rng(1);
        PrefixRewards[] prefixes =
        [
            RewardedWith(2, (Suffix("s", tokens: 10), 0.0), (Rollout("r", tokens: 6), 1.0)),
            RewardedWith(0, (Rewrite("w", tokens: 8), 0.5), (Rollout("r", tokens: 4), 1.5)),
            RewardedWith(1, (Suffix("s", tokens: 10), 2.0), (Rollout("r", tokens: 2), 1.0)),
            RewardedWith(0, (Rewrite("w", tokens: 8), 1.0), (Rollout("r", tokens: 4), 0.75)),
            RewardedWith(3, (Suffix("s"), 0.5), (Rollout("r"), 0.5)),
        ];
        return prefixes.Select(p => PreferenceSelector.SelectPair(p, rng)).ToArray();
    }

    [Fact]
    public void ChosenAndRejectedRates_AreFractionsOfSelectedPrefixesByKind()
    {
        var stats = StepStatistics.Of(DpoStep());

        Assert.Equal(0.25, stats.ChosenRates[CandidateKind.Suffix]);
        Assert.Equal(0.25, stats.ChosenRates[CandidateKind.Rewrite]);
        Assert.Equal(0.5, stats.ChosenRates[CandidateKind.Rollout]);
        Assert.Equal(0.25, stats.RejectedRates[CandidateKind.Suffix]);
        Assert.Equal(0.25, stats.RejectedRates[CandidateKind.Rewrite]);
        Assert.Equal(0.5, stats.RejectedRates[CandidateKind.Rollout]);
        Assert.Equal(5, stats.Prefixes);
        Assert.Equal(1, stats.SkippedAllTie);
        Assert.Equal(0, stats.SkippedTooFewValid);
    }

    [Fact]
    public void MeansAndCounts_MatchTheHandComputedStep()
    {
        var stats = StepStatistics.Of(DpoStep());

        Assert.Equal((1.0 + 1.5 + 2.0 + 1.0) / 4, stats.MeanChosenReward!.Value, Precision);
        Assert.Equal((0.0 + 0.5 + 1.0 + 0.75) / 4, stats.MeanRejectedReward!.Value, Precision);
        Assert.Equal((1.0 + 1.0 + 1.0 + 0.25) / 4, stats.MeanMargin!.Value, Precision);
        Assert.Equal((6 + 4 + 10 + 8) / 4.0, stats.MeanChosenLength!.Value, Precision);
        Assert.Equal((10 + 8 + 2 + 4) / 4.0, stats.MeanRejectedLength!.Value, Precision);
        Assert.Equal(6, stats.InvalidSamples);
    }

    [Fact]
    public void InvalidPairs_AreSummedOverPrefixes()
    {
        var judge = new VerdictTable().Quality("a", "b", [null]).Quality("a", "c", 1, null).Quality("b", "c", null, null);
        var rewards = Score(Rollouts("a", "b", "c"), With(), judge);

        var stats = StepStatistics.Of([PreferenceSelector.SelectPair(rewards, new Rng(1)), PreferenceSelector.SelectPair(rewards, new Rng(2))]);

        Assert.Equal(4, stats.InvalidPairs);
        Assert.Equal(8, stats.InvalidSamples);
        // b lost every comparison to invalid pairs; a (1) and c (0) still make a pair.
        Assert.Equal(0, stats.SkippedTooFewValid);
        Assert.Equal(1.0, stats.MeanMargin);
    }

    [Fact]
    public void ToMetrics_WritesEveryNameForADpoStep()
    {
        var metrics = StepStatistics.Of(DpoStep()).ToMetrics();

        Assert.Equal(MetricNames.Selection.Order(StringComparer.Ordinal), metrics.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0.5, metrics[MetricNames.ChosenRollout]);
        Assert.Equal(1, metrics[MetricNames.SkippedAllTie]);
        Assert.Equal(0.8125, metrics[MetricNames.ScoresMargins], Precision);
    }

    [Fact]
    public void ToMetrics_RfNllStep_LeavesOutRejectedFigures()
    {
        var rng = new Rng(1);
        var step = new[]
        {
            PreferenceSelector.SelectBest(Rewarded((Rewrite("w"), 1.0), (Rollout("r"), 0.0)), rng),
            PreferenceSelector.SelectBest(Rewarded((Rewrite("w"), 0.0), (Rollout("r"), 1.0)), rng),
            PreferenceSelector.SelectBest(Rewarded((Rewrite("w"), null)), rng),
        };

        var metrics = StepStatistics.Of(step).ToMetrics();

        Assert.Equal(0.5, metrics[MetricNames.ChosenRewrite]);
        Assert.Equal(0.5, metrics[MetricNames.ChosenRollout]);
        Assert.Equal(1, metrics[MetricNames.SkippedTooFewValid]);
        Assert.DoesNotContain(MetricNames.RejectedRollout, metrics.Keys);
        Assert.DoesNotContain(MetricNames.ScoresRejected, metrics.Keys);
        Assert.DoesNotContain(MetricNames.ScoresMargins, metrics.Keys);
        Assert.DoesNotContain(MetricNames.LengthsRejected, metrics.Keys);
    }

    [Fact]
    public void ToMetrics_EveryPrefixSkipped_WritesOnlyTheCounts()
    {
        var rng = new Rng(1);
        var step = new[] { PreferenceSelector.SelectPair(Rewarded((Rollout("a"), 1.0), (Rollout("b"), 1.0)), rng) };

        var metrics = StepStatistics.Of(step).ToMetrics();

        Assert.Equal(
            new[] { MetricNames.JudgeInvalidPairs, MetricNames.JudgeInvalidSamples, MetricNames.SkippedAllTie, MetricNames.SkippedTooFewValid }.Order(StringComparer.Ordinal),
            metrics.Keys.Order(StringComparer.Ordinal));
    }
}

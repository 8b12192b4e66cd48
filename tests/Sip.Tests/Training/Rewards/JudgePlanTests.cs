using Sip.Teacher;
using Sip.Training.Rewards;
using static Sip.Tests.Training.Rewards.Pools;

namespace Sip.Tests.Training.Rewards;

public class JudgePlanTests
{
    [Fact]
    public void AllPairs_FixedOrder_AsksEveryPairOnceLowerIndexFirst()
    {
        var pool = Rollouts("a", "b", "c");

        var plan = Plan(pool, With());

        Assert.Equal([(0, 1), (0, 2), (1, 2)], plan.Planned.Select(p => (p.First, p.Second!.Value)));
        Assert.All(plan.Planned, p => Assert.Equal(JudgeAxis.Quality, p.Axis));
        Assert.Equal(new QualityRequest(Prefix, "a", "c"), plan.Requests[1]);
    }

    [Fact]
    public void AllPairs_SeventeenCandidates_Asks136Pairs()
    {
        // The paper's count (§9): suffix + 16 rollouts give C(17,2) = 136 pairs per prefix.
        var pool = new[] { Suffix("s") }.Concat(Enumerable.Range(0, 16).Select(i => Rollout($"r{i}", i))).ToArray();

        Assert.Equal(136, Plan(pool, With()).Requests.Count);
    }

    [Fact]
    public void QualitySafety_AsksSafetyPerCandidateThenThePairs()
    {
        var pool = new[] { Suffix("s"), Rewrite("w"), Rollout("r") };

        var plan = Plan(pool, With(RewardSetting.QualitySafety));

        Assert.Equal([new SafetyRequest("s"), new SafetyRequest("w"), new SafetyRequest("r")], plan.Requests.Take(3));
        Assert.Equal([0, 1, 2], plan.Planned.Take(3).Select(p => p.First));
        Assert.Equal(3, plan.Planned.Skip(3).Count(p => p.Axis == JudgeAxis.Quality));
        Assert.Equal(6, plan.Requests.Count);
    }

    [Fact]
    public void QualityFactuality_AsksFactualityWithTheReferencePerCandidate()
    {
        var pool = Rollouts("a", "b");

        var plan = Plan(pool, With(RewardSetting.QualityFactuality));

        Assert.Equal([new FactualityRequest(Prefix, Reference, "a"), new FactualityRequest(Prefix, Reference, "b"), new QualityRequest(Prefix, "a", "b")], plan.Requests);
        Assert.Equal([JudgeAxis.Factuality, JudgeAxis.Factuality, JudgeAxis.Quality], plan.Planned.Select(p => p.Axis));
    }

    [Fact]
    public void QualityFactuality_WithoutReference_IsAnInputErrorNamingTheSetting()
    {
        var error = Assert.Throws<SipInputException>(() => Plan(Rollouts("a", "b"), With(RewardSetting.QualityFactuality), reference: null));

        Assert.Equal("setting", error.Location);
        Assert.Contains("reference", error.Reason);
    }

    [Fact]
    public void Pivot_ComparesEachOtherCandidateWithTheSuffixOnly()
    {
        var pool = new[] { Rollout("r0", 0), Suffix("s"), Rollout("r2", 1), Rewrite("w") };

        var plan = Plan(pool, With(comparison: QualityComparison.Pivot));

        Assert.Equal(1, plan.PivotIndex);
        Assert.Equal([(0, 1), (1, 2), (1, 3)], plan.Planned.Select(p => (p.First, p.Second!.Value)));
    }

    [Fact]
    public void Pivot_WithoutSuffixInPool_IsAnInputErrorNamingTheComparison()
    {
        var error = Assert.Throws<SipInputException>(() => Plan(Rollouts("a", "b"), With(comparison: QualityComparison.Pivot)));

        Assert.Equal("comparison", error.Location);
        Assert.Contains("suffix", error.Reason);
    }

    [Fact]
    public void Pivot_WithTwoSuffixes_IsAnInputError() =>
        Assert.Throws<SipInputException>(() => Plan([Suffix("s"), Suffix("t"), Rollout("r")], With(comparison: QualityComparison.Pivot)));

    [Fact]
    public void BothOrders_AsksEachPairTwiceSwapped()
    {
        var plan = Plan(Rollouts("a", "b", "c"), With(order: PairOrder.Both));

        Assert.Equal([(0, 1), (1, 0), (0, 2), (2, 0), (1, 2), (2, 1)], plan.Planned.Select(p => (p.First, p.Second!.Value)));
        Assert.Equal(new QualityRequest(Prefix, "b", "a"), plan.Requests[1]);
    }

    [Fact]
    public void RandomOrder_FlipsAboutHalfThePairsAndIsReproduciblePerSeed()
    {
        var pool = Enumerable.Range(0, 17).Select(i => Rollout($"r{i}", i)).ToArray();

        var plan = Plan(pool, With(order: PairOrder.Random), seed: 7);
        int swapped = plan.Planned.Count(p => p.First > p.Second);

        Assert.Equal(136, plan.Requests.Count);
        Assert.InRange(swapped, 40, 96); // 136 fair coins: mean 68, sd 5.8
        Assert.Equal(plan.Requests, Plan(pool, With(order: PairOrder.Random), seed: 7).Requests);
        Assert.NotEqual(plan.Requests, Plan(pool, With(order: PairOrder.Random), seed: 8).Requests);
        // Each unordered pair is still asked exactly once.
        Assert.Equal(136, plan.Planned.Select(p => (Math.Min(p.First, p.Second!.Value), Math.Max(p.First, p.Second!.Value))).Distinct().Count());
    }

    [Fact]
    public void FixedOrder_DrawsNothingFromTheRng()
    {
        var rng = new Rng(3);
        var before = rng.State;

        JudgePlan.Build(Prefix, Reference, Rollouts("a", "b", "c"), With(RewardSetting.QualitySafety), rng);

        Assert.Equal(before, rng.State);
    }

    [Fact]
    public void IdenticalTexts_AreStillJudgedSeparately()
    {
        var plan = Plan(Rollouts("same", "same"), With(RewardSetting.QualitySafety));

        Assert.Equal([new SafetyRequest("same"), new SafetyRequest("same"), new QualityRequest(Prefix, "same", "same")], plan.Requests);
    }

    [Fact]
    public void EmptyOrSingletonPool_AsksNoQualityPairs()
    {
        Assert.Empty(Plan([], With()).Requests);
        Assert.Empty(Plan(Rollouts("a"), With()).Requests);
    }
}

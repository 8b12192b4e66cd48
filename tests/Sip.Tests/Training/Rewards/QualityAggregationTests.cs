using Sip.Teacher;
using Sip.Training.Rewards;
using static Sip.Tests.Training.Rewards.Pools;

namespace Sip.Tests.Training.Rewards;

public class QualityAggregationTests
{
    private const int Precision = 12;

    [Fact]
    public void AllPairs_FourCandidates_QualityIsTheMeanWinShareOverEachCandidatesPairs()
    {
        var pool = new[] { Suffix("S"), Rewrite("W"), Rollout("R1", 0), Rollout("R2", 1) };
        var judge = new VerdictTable()           // win share of the lower index / of the higher
            .Quality("S", "W", 1, 1)             // S 1,   W 0
            .Quality("S", "R1", 1, 0)            // S .5,  R1 .5
            .Quality("S", "R2", 0, 0)            // S 0,   R2 1
            .Quality("W", "R1", 1, 1)            // W 1,   R1 0
            .Quality("W", "R2", 0, 1)            // W .5,  R2 .5
            .Quality("R1", "R2", 0, 0);          // R1 0,  R2 1

        var rewards = Score(pool, With(), judge);

        // S (1 + .5 + 0)/3, W (0 + 1 + .5)/3, R1 (.5 + 0 + 0)/3, R2 (1 + .5 + 1)/3
        Assert.Equal([0.5, 0.5, 1.0 / 6, 5.0 / 6], rewards.Candidates.Select(c => c.Quality!.Value), Approx.Comparer);
        Assert.Equal(rewards.Candidates.Select(c => c.Quality), rewards.Candidates.Select(c => c.Total));
        Assert.All(rewards.Candidates, c => Assert.Equal(3, c.ValidComparisons));
        Assert.All(rewards.Candidates, c => { Assert.Null(c.Safety); Assert.Null(c.Factuality); });
        Assert.Equal(0, rewards.InvalidSamples);
    }

    [Fact]
    public void AllPairs_ThreeCandidates_OneWinnerTakesAll()
    {
        var judge = new VerdictTable().Quality("a", "b", 0).Quality("a", "c", 0).Quality("b", "c", 1);

        var rewards = Score(Rollouts("a", "b", "c"), With(), judge);

        // b beats a and c; c beats a; a loses both.
        Assert.Equal([0.0, 1.0, 0.5], rewards.Candidates.Select(c => c.Quality!.Value));
    }

    [Fact]
    public void InvalidSamples_AreExcludedAndAPairWithoutValidSamplesCountsForNeitherCandidate()
    {
        var judge = new VerdictTable()
            .Quality("a", "b", null, null)     // invalid pair
            .Quality("a", "c", 1, null)        // a 1, c 0
            .Quality("b", "c", 0, 1, null);    // b .5, c .5

        var rewards = Score(Rollouts("a", "b", "c"), With(), judge);

        Assert.Equal([1.0, 0.5, 0.25], rewards.Candidates.Select(c => c.Quality!.Value));
        Assert.Equal([1, 1, 2], rewards.Candidates.Select(c => c.ValidComparisons));
        Assert.Equal([1, 1, 0], rewards.Candidates.Select(c => c.InvalidComparisons));
        Assert.Equal(1, rewards.InvalidPairs);
        Assert.Equal(4, rewards.InvalidSamples);
    }

    [Fact]
    public void ACandidateWhosePairsAreAllInvalid_HasNoQualityAndNoTotal()
    {
        var judge = new VerdictTable().Quality("a", "b", [null]).Quality("a", "c", [null]).Quality("b", "c", 1);

        var a = Score(Rollouts("a", "b", "c"), With(), judge).Candidates[0];

        Assert.Null(a.Quality);
        Assert.Null(a.Total);
        Assert.Equal(2, a.InvalidComparisons);
    }

    [Fact]
    public void Pivot_EachCandidatesQualityIsItsShareAgainstTheSuffix_AndThePivotsIsTheMeanOverItsComparisons()
    {
        var pool = new[] { Rollout("R1", 0), Suffix("S"), Rollout("R2", 1), Rewrite("W") };
        var judge = new VerdictTable()
            .Quality("R1", "S", 1, 1, 0)       // R1 2/3, S 1/3
            .Quality("S", "R2", 0, 0, 0)       // S 0,   R2 1
            .Quality("S", "W", 1, 0, null);    // S .5,  W .5

        var rewards = Score(pool, With(comparison: QualityComparison.Pivot), judge);

        Assert.Equal(2.0 / 3, rewards.Candidates[0].Quality!.Value, Precision);
        Assert.Equal((1.0 / 3 + 0 + 0.5) / 3, rewards.Candidates[1].Quality!.Value, Precision);
        Assert.Equal(1.0, rewards.Candidates[2].Quality!.Value, Precision);
        Assert.Equal(0.5, rewards.Candidates[3].Quality!.Value, Precision);
        Assert.Equal([1, 3, 1, 1], rewards.Candidates.Select(c => c.ValidComparisons));
    }

    [Fact]
    public void BothOrders_PairWhoseOrdersDisagreeIsATie_ConsistentOrdersPoolTheirSamples()
    {
        var judge = new VerdictTable()
            .Quality("a", "b", 1, 1, 1).Quality("b", "a", 1, 1, 0)   // a wins as Option 1, b wins as Option 1: tie
            .Quality("a", "c", 1, 1).Quality("c", "a", 0, 0)         // a wins in both orders: a 1
            .Quality("b", "c", 0, 1, 1).Quality("c", "b", null, null); // one order unanswered: b 2/3 from the other

        var rewards = Score(Rollouts("a", "b", "c"), With(order: PairOrder.Both), judge);

        Assert.Equal([true, false, false], rewards.Pairs.Select(p => p.OrdersDisagree));
        Assert.Equal(0.5, rewards.Pairs[0].WinShareOfA);
        Assert.Equal(0.75, rewards.Candidates[0].Quality!.Value, Precision);       // (.5 + 1)/2
        Assert.Equal(7.0 / 12, rewards.Candidates[1].Quality!.Value, Precision);   // (.5 + 2/3)/2
        Assert.Equal(1.0 / 6, rewards.Candidates[2].Quality!.Value, Precision);    // (0 + 1/3)/2
        Assert.Equal([6, 4, 3], rewards.Pairs.Select(p => p.ValidSamples));
        Assert.Equal(2, rewards.InvalidSamples);
        Assert.Equal(0, rewards.InvalidPairs);
    }

    [Fact]
    public void BothOrders_AnOrderSplitEvenlyIsNoDisagreement_SamplesArePooled()
    {
        var judge = new VerdictTable().Quality("a", "b", 1, 0).Quality("b", "a", 1, 1);

        var pair = Score(Rollouts("a", "b"), With(order: PairOrder.Both), judge).Pairs.Single();

        Assert.False(pair.OrdersDisagree);
        Assert.Equal(0.25, pair.WinShareOfA); // seen from a: 1, 0, 0, 0
    }

    [Fact]
    public void BothOrders_NoValidSampleInEitherOrder_IsOneInvalidPair()
    {
        var judge = new VerdictTable().Quality("a", "b", [null]).Quality("b", "a", [null]);

        var rewards = Score(Rollouts("a", "b"), With(order: PairOrder.Both), judge);

        Assert.Equal(1, rewards.InvalidPairs);
        Assert.All(rewards.Candidates, c => Assert.Null(c.Total));
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void RandomOrder_UndoesItsCoinFlips_AConsistentJudgeGivesTheFixedOrderRewards(ulong seed)
    {
        // The judge knows the true ranking and names the better text as winner in three samples of four, whichever
        // option it is shown as: a flip that was not undone would turn a 3/4 share into 1/4.
        string[] texts = ["e", "b", "d", "a", "c"];
        var pool = Rollouts(texts);
        var judge = new VerdictTable();
        foreach (string first in texts)
            foreach (string second in texts.Where(t => t != first))
            {
                double firstWins = string.CompareOrdinal(first, second) < 0 ? 1 : 0;
                judge.Quality(first, second, firstWins, firstWins, firstWins, 1 - firstWins);
            }

        var plan = Plan(pool, With(order: PairOrder.Random), seed);
        var random = RewardAggregator.Aggregate(plan, judge.Answer(plan));
        var fixedOrder = Score(pool, With(order: PairOrder.Fixed), judge);
        var both = Score(pool, With(order: PairOrder.Both), judge);

        Assert.Contains(plan.Planned, p => p.First > p.Second); // some pairs really were flipped
        Assert.Equal(fixedOrder.Candidates.Select(c => c.Quality), random.Candidates.Select(c => c.Quality));
        Assert.Equal(fixedOrder.Candidates.Select(c => c.Quality), both.Candidates.Select(c => c.Quality));
        // "a" beats all four others with share 3/4 each; "e" loses all with 1/4 each.
        Assert.Equal(0.75, random.Candidates[3].Quality!.Value, Precision);
        Assert.Equal(0.25, random.Candidates[0].Quality!.Value, Precision);
    }

    [Fact]
    public void Aggregate_AnswersForOtherRequests_Throw()
    {
        var plan = Plan(Rollouts("a", "b", "c"), With());
        var answers = new VerdictTable().Quality("a", "b", 1).Quality("a", "c", 1).Quality("b", "c", 1).Answer(plan).Reverse().ToArray();

        Assert.Throws<ArgumentException>(() => RewardAggregator.Aggregate(plan, answers));
        Assert.Throws<ArgumentException>(() => RewardAggregator.Aggregate(plan, answers.Take(2).ToArray()));
    }

    [Fact]
    public void Aggregate_ScoreOutsideZeroToOne_Throws()
    {
        var plan = Plan(Rollouts("a", "b"), With());

        Assert.Throws<ArgumentException>(() => RewardAggregator.Aggregate(plan, [new Judgment(plan.Requests[0], [2.0], TimeSpan.Zero)]));
        Assert.Throws<ArgumentException>(() => RewardAggregator.Aggregate(plan, [new Judgment(plan.Requests[0], [double.NaN], TimeSpan.Zero)]));
    }
}

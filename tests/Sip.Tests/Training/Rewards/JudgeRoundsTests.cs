using Sip.Teacher;
using Sip.Training.Rewards;
using static Sip.Tests.Training.Rewards.Pools;

namespace Sip.Tests.Training.Rewards;

public class JudgeRoundsTests
{
    /// <summary>Answers from a table and records each batch it was sent.</summary>
    private sealed class BatchRecorder(VerdictTable table) : IJudge
    {
        public List<IReadOnlyList<JudgeRequest>> Batches { get; } = [];

        public string Describe => "table";

        public Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default)
        {
            Batches.Add(requests);
            return Task.FromResult<IReadOnlyList<Judgment>>(requests.Select(table.Answer).ToArray());
        }
    }

    [Fact]
    public async Task OneRoundPlans_AreSentAsOneBatch_AndEachAggregatesItsOwnAnswers()
    {
        var first = Plan(Rollouts("a", "b", "c"), With());
        var second = Plan(Rollouts("x", "y"), With(RewardSetting.QualitySafety));
        var judge = new BatchRecorder(new VerdictTable()
            .Quality("a", "b", 1).Quality("a", "c", 1).Quality("b", "c", 0)
            .Quality("x", "y", 0).Safety("x", 1).Safety("y", 0));

        var judged = await JudgeRounds.RunAsync(judge, [first, second]);

        Assert.Equal(1, judged.Rounds);
        Assert.Equal(first.Requests.Concat(second.Requests), judge.Batches.Single());
        Assert.Equal([1.0, 0.0, 0.5], judged.Rewards[0].Candidates.Select(c => c.Total!.Value));
        Assert.Equal([1.0, 1.0], judged.Rewards[1].Candidates.Select(c => c.Total!.Value));
        Assert.Equal(judge.Batches.Single(), judged.Answers.Select(a => a.Request));
    }

    [Fact]
    public async Task ABracket_TakesRounds_AndEveryRoundOfEveryPlanGoesInOneBatch()
    {
        var settings = new RewardSettings { Comparison = QualityComparison.BestWorst, Order = PairOrder.Fixed };
        var table = new VerdictTable();
        string[] texts = ["a", "b", "c", "d"];
        foreach (var x in texts)
            foreach (var y in texts)
                if (x != y) table.Quality(x, y, string.CompareOrdinal(x, y) < 0 ? 1 : 0); // a > b > c > d
        var plans = new[] { 1UL, 2UL }.Select(seed => RewardPlans.For(Prefix, Reference, Rollouts(texts), settings, true, new Rng(seed))).ToArray();
        var judge = new BatchRecorder(table);

        var judged = await JudgeRounds.RunAsync(judge, plans);

        // Round 1: two matches per plan; round 2: the best's final and the worst's final.
        Assert.Equal(2, judged.Rounds);
        Assert.Equal([4, 4], judge.Batches.Select(b => b.Count));
        Assert.All(judged.Rewards, r => Assert.Equal((0, 3), (r.Bracket!.Best!.Value, r.Bracket.Worst!.Value)));
        Assert.Equal(8, judged.Answers.Count);
    }

    [Fact]
    public async Task AJudgeThatAnswersTheWrongNumberOfRequests_Throws()
    {
        var judge = new WrongCountJudge();

        await Assert.ThrowsAsync<InvalidOperationException>(() => JudgeRounds.RunAsync(judge, [Plan(Rollouts("a", "b"), With())]));
    }

    private sealed class WrongCountJudge : IJudge
    {
        public string Describe => "short";

        public Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default) =>
            Task.FromResult<IReadOnlyList<Judgment>>([]);
    }
}

using Sip.Teacher;
using Sip.Training.Rewards;
using static Sip.Tests.Training.Rewards.Pools;

namespace Sip.Tests.Training.Rewards;

public class JudgeBatchTests
{
    [Fact]
    public void Split_GivesEachPlanItsOwnAnswersInOrder()
    {
        var first = Plan(Rollouts("a", "b", "c"), With());
        var second = Plan(Rollouts("x", "y"), With(RewardSetting.QualitySafety));
        var judge = new VerdictTable()
            .Quality("a", "b", 1).Quality("a", "c", 1).Quality("b", "c", 0)
            .Quality("x", "y", 0).Safety("x", 1).Safety("y", 0);

        var requests = JudgeBatch.Requests([first, second]);
        var split = JudgeBatch.Split([first, second], requests.Select(judge.Answer).ToArray());

        Assert.Equal(first.Requests.Concat(second.Requests), requests);
        Assert.Equal(first.Requests, split[0].Select(j => j.Request));
        Assert.Equal(second.Requests, split[1].Select(j => j.Request));
        // The split answers aggregate as if each plan had been judged alone.
        Assert.Equal([1.0, 0.0, 0.5], RewardAggregator.Aggregate(first, split[0]).Candidates.Select(c => c.Total!.Value));
        Assert.Equal([1.0, 1.0], RewardAggregator.Aggregate(second, split[1]).Candidates.Select(c => c.Total!.Value));
    }

    [Fact]
    public void Split_WrongNumberOfAnswers_Throws()
    {
        var plan = Plan(Rollouts("a", "b"), With());

        Assert.Throws<ArgumentException>(() => JudgeBatch.Split([plan], []));
    }
}

using Sip.Data.Tokenization;
using Sip.Teacher;
using Sip.Teacher.PostTraining;
using Sip.Teacher.Prompts;
using Sip.Training.Grpo;

namespace Sip.Tests.Teacher.PostTraining;

public class TeacherGrpoTaskTests(TeacherDataWorld fixture) : IClassFixture<TeacherDataWorld>
{
    private TeacherEncoding Encoding() => new(
        BpeTrainer.Train(fixture.Generated.Train.Take(60).Select(d => d.Text), new BpeTrainerOptions { VocabSize = 300 }).WithSpecialTokens(ChatFormat.SpecialTokens),
        TeacherPrompts.Compact);

    private static string Verdict(TeacherExample example, bool right) =>
        TeacherEncoding.AnswerText(example with { Label = right ? example.Label : TeacherLabels.Of(example.Task, 1 - example.Score) });

    [Fact]
    public void PromptBlocks_TravelTogetherInOrder_AndEveryPromptComesOncePerEpoch()
    {
        var taken = PromptOrder.Take(seed: 3, prompts: 12, taken: 0, count: 24, block: 2);
        for (int i = 0; i < taken.Length; i += 2)
        {
            Assert.Equal(0, taken[i] % 2);
            Assert.Equal(taken[i] + 1, taken[i + 1]);
        }
        Assert.Equal(Enumerable.Range(0, 12), taken[..12].Order());
        Assert.Equal(Enumerable.Range(0, 12), taken[12..].Order());
        Assert.NotEqual(taken[..12], taken[12..]);
        // Resuming in the middle continues the same sequence.
        Assert.Equal(taken[6..20], PromptOrder.Take(3, 12, 6, 14, 2));
        Assert.Throws<ArgumentException>(() => PromptOrder.Take(3, 11, 0, 4, 2));
    }

    [Fact]
    public void BothOrders_PairsSitInOneBlock_AndAVerdictEarnsOneOnlyWhenTheSwappedOrderIsRightToo()
    {
        var quality = fixture.Splits.Train.Where(e => e.Task == TeacherTask.Quality).ToList();
        var examples = quality.Concat(fixture.Splits.Train.Where(e => e.Task == TeacherTask.Safety).Take(3)).ToList();
        var task = new TeacherGrpoTask(examples, Encoding(), rewardJudge: null, "test", bothOrders: true);
        Assert.Equal(2, task.PromptBlock);
        Assert.Equal(0, task.Prompts.Count % 2);
        Assert.Contains("both orders", task.Describe);
        var byId = examples.ToDictionary(e => e.Id);
        var first = byId[task.Prompts[0].Id];
        var second = byId[task.Prompts[1].Id];
        Assert.NotNull(first.Pair);
        Assert.Equal(first.Pair, second.Pair);
        Assert.Equal(first.First, second.Second);

        // Two completions per order: (right, right), (right, wrong) on the first order; (right, right) on the second.
        GrpoCompletion Completion(TeacherExample e, bool right) => new(task.Prompts.First(p => p.Id == e.Id), [], Verdict(e, right), false);
        var safety = byId[task.Prompts.First(p => byId[p.Id].Task == TeacherTask.Safety).Id];
        var completions = new[]
        {
            Completion(first, true), Completion(first, true),
            Completion(second, true), Completion(second, false),
            Completion(safety, true),
        };
        var rewards = task.Score(completions).Select(r => r.Value).ToArray();
        Assert.Equal([1.0, 0.0, 1.0, 0.0, 1.0], rewards);

        // Without the option each verdict is scored alone.
        var alone = new TeacherGrpoTask(examples, Encoding(), rewardJudge: null, "test");
        Assert.Equal(1, alone.PromptBlock);
        Assert.Equal([1.0, 1.0, 1.0, 0.0, 1.0], alone.Score(completions).Select(r => r.Value).ToArray());
    }

    [Fact]
    public void BothOrders_APairSeenInOneOrderOnly_IsScoredAlone_AndAnUnreadableVerdictStaysUnscored()
    {
        var quality = fixture.Splits.Train.Where(e => e.Task == TeacherTask.Quality).ToList();
        var task = new TeacherGrpoTask(quality, Encoding(), rewardJudge: null, "test", bothOrders: true);
        var example = quality[0];
        var prompt = task.Prompts.First(p => p.Id == example.Id);
        var rewards = task.Score([new(prompt, [], Verdict(example, true), false), new(prompt, [], "I cannot tell.", false)]);
        Assert.Equal(1.0, rewards[0].Value);
        Assert.True(rewards[1].Unscored);
    }
}

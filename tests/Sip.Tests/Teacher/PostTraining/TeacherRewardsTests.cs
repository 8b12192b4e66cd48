using Sip.Teacher;
using Sip.Teacher.PostTraining;
using Sip.Teacher.Prompts;

namespace Sip.Tests.Teacher.PostTraining;

public class TeacherRewardsTests
{
    private static TeacherExample Example(TeacherTask task, string label) => new()
    {
        Id = "x", Task = task, Label = label, Prefix = "The river Aldra flows past the old town of Belmoor and", Suffix = " then it turns north.",
        Target = " then it turns north.", Candidate = "c", First = "a", Second = "b", Reference = "r",
    };

    [Theory]
    [InlineData("safe", "The text describes a river neutrally.\n\nFINAL DECISION: YES", 1.0)]
    [InlineData("safe", "FINAL DECISION: NO", 0.0)]
    [InlineData("unsafe", "It insults a group of people.\nFINAL DECISION: NO", 1.0)]
    public void ASafetyVerdict_EarnsOneWhenItMatchesTheLabel(string label, string answer, double reward)
    {
        var r = TeacherRewards.Judge(Example(TeacherTask.Safety, label), answer);
        Assert.Equal(reward, r.Value);
        Assert.False(r.Unscored);
    }

    [Theory]
    [InlineData(TeacherTask.Quality, "option 2", "Option 2 keeps the facts of the beginning.\n\nConclusion: Option 2", 1.0)]
    [InlineData(TeacherTask.Quality, "option 1", "Conclusion: Option 2", 0.0)]
    [InlineData(TeacherTask.Factuality, "Definite Hallucination", "{\"label\": \"Definite Hallucination\"}", 1.0)]
    [InlineData(TeacherTask.Factuality, "Definite Hallucination", "{\"reasoning\": \"a detail is invented\", \"label\": \"Possible Hallucination\"}", 0.0)]
    [InlineData(TeacherTask.Factuality, "No Hallucination", "{\"label\": \"No Hallucination\"}", 1.0)]
    public void PairwiseAndFactualityVerdicts_AreReadByTheTasksParser(TeacherTask task, string label, string answer, double reward) =>
        Assert.Equal(reward, TeacherRewards.Judge(Example(task, label), answer).Value);

    [Theory]
    [InlineData(TeacherTask.Safety, "safe", "I think the text is fine.")]
    [InlineData(TeacherTask.Safety, "safe", "FINAL DECISION: YES/NO")]
    [InlineData(TeacherTask.Quality, "option 1", "Conclusion: Option")]
    [InlineData(TeacherTask.Factuality, "No Hallucination", "{\"label\": \"Probably fine\"}")]
    [InlineData(TeacherTask.Factuality, "No Hallucination", "")]
    public void AnUnreadableAnswer_ScoresZero_AndIsCountedAsUnscored(TeacherTask task, string label, string answer)
    {
        var r = TeacherRewards.Judge(Example(task, label), answer);
        Assert.Equal(0, r.Value);
        Assert.True(r.Unscored);
    }

    [Fact]
    public void ACleanSuffix_EarnsOneForAnExactCopyOnly()
    {
        var clean = Example(TeacherTask.Rewrite, TeacherLabels.Clean);
        string ending = PrefixEnding.Of(clean.Prefix);
        Assert.Equal(1, TeacherRewards.Rewrite(clean, TeacherRewards.RewriteOf(clean, ending + " then it turns north."), null).Value);
        Assert.Equal(1, TeacherRewards.Rewrite(clean, TeacherRewards.RewriteOf(clean, ending + " then it turns north.\n"), null).Value);
        Assert.Equal(0, TeacherRewards.Rewrite(clean, TeacherRewards.RewriteOf(clean, ending + " then it turns south."), null).Value);
        Assert.Empty(TeacherRewards.RequestsFor(clean, "anything"));
    }

    [Fact]
    public void AnUnsafeSuffix_EarnsHalfTheQualityWinPlusHalfTheSafety()
    {
        var example = Example(TeacherTask.Rewrite, TeacherLabels.Unsafe);
        Assert.Equal(1.0, TeacherRewards.Rewrite(example, "a safe text", new(Win: 1, Safe: 1, True: null)).Value);
        Assert.Equal(0.5, TeacherRewards.Rewrite(example, "a safe text that loses", new(Win: 0, Safe: 1, True: null)).Value);
        Assert.Equal(0.0, TeacherRewards.Rewrite(example, "still hateful", new(Win: 0, Safe: 0, True: null)).Value);
        var requests = TeacherRewards.RequestsFor(example, "a safe text");
        Assert.IsType<QualityRequest>(requests[0]);
        Assert.Equal(new SafetyRequest("a safe text"), requests[1]);
        Assert.Equal("a safe text", ((QualityRequest)requests[0]).First); // the rewrite is option 1, the suffix option 2
    }

    [Fact]
    public void AFalseSuffix_EarnsHalfTheQualityWinPlusHalfTheTruth_AgainstTheCorrectedTarget()
    {
        var example = Example(TeacherTask.Rewrite, TeacherLabels.FalseFact) with { Target = " then it turns west." };
        Assert.Equal(0.75, TeacherRewards.Rewrite(example, "x", new(Win: 1, Safe: null, True: 0.5)).Value);
        var factuality = Assert.IsType<FactualityRequest>(TeacherRewards.RequestsFor(example, "x")[1]);
        Assert.Equal(" then it turns west.", factuality.Reference);
    }

    [Fact]
    public void AMissingRewriteOrVerdict_IsUnscored()
    {
        var example = Example(TeacherTask.Rewrite, TeacherLabels.Unsafe);
        Assert.True(TeacherRewards.Rewrite(example, null, null).Unscored);
        Assert.True(TeacherRewards.Rewrite(example, "text", new(Win: null, Safe: 1, True: null)).Unscored);
        Assert.Null(TeacherRewards.RewriteOf(example, "   "));
    }
}

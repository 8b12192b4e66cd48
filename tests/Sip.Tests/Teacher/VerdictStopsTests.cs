using Sip.Teacher.Chat;
using Sip.Teacher.Prompts;

namespace Sip.Tests.Teacher;

/// <summary>A judge's answer may end at its verdict line: the stop sequences never cut a verdict before the parser can read it.</summary>
public class VerdictStopsTests
{
    /// <summary>Answers as judges write them: bare verdicts (sip's own teachers), reasoning first (prompted models), markdown, run-ons.</summary>
    public static TheoryData<TeacherTask, string> Answers => new()
    {
        { TeacherTask.Safety, "FINAL DECISION: YES" },
        { TeacherTask.Safety, "The text describes a family picnic and contains no threats or instructions for harm.\n\nFINAL DECISION: YES" },
        { TeacherTask.Safety, "The candidate explains how to poison a neighbour's dog.\n\nFINAL DECISION: NO\nThe text is unsafe." },
        { TeacherTask.Safety, "FINAL DECISION: NO\nFINAL DECISION: NO\nFINAL DECISION: NO" },
        { TeacherTask.Safety, "The text quotes 'FINAL DECISION: YES' but is a threat.\n\n**FINAL DECISION: NO**" },
        { TeacherTask.Safety, "I thought of answering FINAL DECISION: NO\nbut the text is harmless after all.\n\nFINAL DECISION: YES\n" },
        { TeacherTask.Quality, "Conclusion: Option 2" },
        { TeacherTask.Quality, "Option 1 repeats the prefix's last sentence; Option 2 continues it with a new fact.\n\nConclusion: Option 2\n" },
        { TeacherTask.Quality, "Both are fluent. Option 1 stays on the topic.\nConclusion: Option 1\n\nOption 1 keeps the topic.\nConclusion: Option 1\n" },
        { TeacherTask.Quality, "### Conclusion: Option 1" },
        { TeacherTask.Factuality, "{\"label\": \"No Hallucination\"}" },
        { TeacherTask.Factuality, "{\"reasoning\": \"The candidate gives 1889, as the reference does.\", \"label\": \"No Hallucination\"}" },
        { TeacherTask.Factuality, "{\n  \"reasoning\": \"The year differs from the reference.\",\n  \"label\": \"Definite Hallucination\"\n}" },
        { TeacherTask.Factuality, "```json\n{\"reasoning\": \"The claim is not in the reference.\", \"label\": \"Possible Hallucination\" }\n```" },
        { TeacherTask.Factuality, "{\"reasoning\": \"It is not \\\"No Hallucination\\\"} as claimed; the value is wrong.\", \"label\": \"Definite Hallucination\"}" },
        { TeacherTask.Factuality, "{\"label\": \"No Hallucination\"}\n{\"label\": \"No Hallucination\"}" },
        { TeacherTask.Coherence, "A" },
        { TeacherTask.Coherence, "Text B repeats the phrase 'the red door' three times; text A does not.\n\nA" },
        { TeacherTask.Coherence, "Both repeat themselves as often.\nTIE\n" },
        { TeacherTask.Coherence, "Answer: B" },
        { TeacherTask.Coherence, "Text A loops.\nB\nB\n" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void AnAnswerEndedAtItsVerdictStop_HasTheVerdictOfTheWholeAnswer(TeacherTask task, string answer)
    {
        var whole = VerdictParser.Parse(task, answer);

        Assert.NotNull(whole);
        Assert.Equal(whole, VerdictParser.Parse(task, AsStopped(task, answer)));
    }

    [Fact]
    public void TheStops_EndTheAnswersThatGoOnAfterTheirVerdict()
    {
        var cut = Answers.Where(row => AsStopped((TeacherTask)row[0], (string)row[1]) != (string)row[1]).Select(row => (string)row[1]).ToList();

        Assert.Contains("FINAL DECISION: NO\nFINAL DECISION: NO\nFINAL DECISION: NO", cut);
        Assert.Contains("The candidate explains how to poison a neighbour's dog.\n\nFINAL DECISION: NO\nThe text is unsafe.", cut);
        Assert.Contains("{\"label\": \"No Hallucination\"}\n{\"label\": \"No Hallucination\"}", cut);
        Assert.Contains("Text A loops.\nB\nB\n", cut);
        Assert.Equal("Text A loops.\nB\n", AsStopped(TeacherTask.Coherence, "Text A loops.\nB\nB\n"));
    }

    [Fact]
    public void AnAnswerThatArguesOnToAnotherVerdict_IsReadAtItsFirst()
    {
        // The one reading a stop changes: the whole answer's two verdicts disagree in one paragraph (invalid).
        const string answer = "The text is a recipe.\nFINAL DECISION: YES\nFINAL DECISION: NO";

        Assert.Null(VerdictParser.Parse(TeacherTask.Safety, answer));
        Assert.Equal(1.0, VerdictParser.Parse(TeacherTask.Safety, AsStopped(TeacherTask.Safety, answer)));
    }

    [Theory]
    [InlineData(TeacherTask.Safety)]
    [InlineData(TeacherTask.Quality)]
    [InlineData(TeacherTask.Factuality)]
    [InlineData(TeacherTask.Coherence)]
    public void EachJudgeTask_HasAtMostFourStops_TheOpenAiLimit(TeacherTask task) => Assert.InRange(VerdictStops.For(task).Count, 1, 4);

    [Fact]
    public void ARewrite_HasNoStops() => Assert.Empty(VerdictStops.For(TeacherTask.Rewrite));

    /// <summary>The answer as a client that honours the task's stops (kept in the answer) returns it.</summary>
    private static string AsStopped(TeacherTask task, string answer) =>
        AnswerStops.Of(VerdictStops.For(task), keep: true)!.End(answer) is { } end ? answer[..end] : answer;
}

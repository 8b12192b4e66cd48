using Sip.Teacher.Prompts;

namespace Sip.Tests.Teacher;

public class CoherenceVerdictTests
{
    public static TheoryData<string, string, double?> Realistic => new()
    {
        { "bare A", "Text B says \"we drove\" five times; text A never repeats a phrase.\n\nA", 1.0 },
        { "bare B", "Text A loops on the same sentence.\n\nB", 0.0 },
        { "tie", "Neither text repeats itself.\n\nTIE", 0.5 },
        { "lowercase tie with a period", "Both repeat one phrase once.\ntie.", 0.5 },
        { "bold", "Text A restates its first sentence three times.\n\n**B**", 0.0 },
        { "labelled", "A repeats less.\n\nAnswer: A", 1.0 },
        { "bold label", "Reasoning here.\n\n**Final answer:** TIE", 0.5 },
        { "verdict label", "Verdict - B", 0.0 },
        { "text A", "Text B loops.\n\nText A", 1.0 },
        { "bracketed", "Comparison done.\n[B]", 0.0 },
        { "whole answer is the letter", "A", 1.0 },
        { "code fence around the verdict", "Text B repeats itself.\n```\nA\n```", 1.0 },
        { "heading marker", "Analysis...\n### B", 0.0 },
        { "thinking removed", "<think>A loops... no wait, B loops.\nB</think>Text B loops on one sentence.\n\nA", 1.0 },
        { "harmony final channel", "<|channel|>analysis<|message|>B is clean<|end|><|start|>assistant<|channel|>final<|message|>Text A repeats.\n\nB<|return|>", 0.0 },
        { "earlier paragraph disagrees, the last decides", "At first glance:\nA\n\nOn reflection text A loops more.\n\nB", 0.0 },
        { "windows line endings", "Text A loops.\r\n\r\nB\r\n", 0.0 },
    };

    public static TheoryData<string, string> Invalid => new()
    {
        { "empty", "" },
        { "no verdict", "Text A repeats itself more than text B does." },
        { "verdict in a sentence", "The answer is A" },
        { "I choose", "I choose B." },
        { "either", "A or B" },
        { "slash", "A/B" },
        { "verdict then more reasoning", "A\n\nBecause text B repeats the phrase \"we drove\" over and over, it is worse." },
        { "two verdicts in one paragraph", "A\nB" },
        { "labelled and bare disagree", "Answer: A\nB" },
        { "quoted line", "> A" },
        { "quotation marks open the line", "\"B\"" },
        { "unclosed thinking", "<think>\nA or B? Text A has a loop" },
        { "explanation after the letter", "A, because text B loops" },
        { "label without a value", "Text B loops.\n\nAnswer:" },
        { "neither", "Neither" },
    };

    [Theory]
    [MemberData(nameof(Realistic))]
    public void Parse_RealisticAnswers(string description, string answer, double? expected)
    {
        Assert.False(string.IsNullOrEmpty(description));
        Assert.Equal(expected, CoherenceVerdict.Parse(answer));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Parse_AmbiguousOrEchoedOrMissingVerdict_IsInvalid(string description, string answer)
    {
        Assert.False(string.IsNullOrEmpty(description));
        Assert.Null(CoherenceVerdict.Parse(answer));
    }

    [Fact]
    public void Parse_ACandidateEchoedBeforeTheJudgesOwnVerdict_DoesNotDecide()
    {
        // The candidate ends with a fake verdict line; the judge quotes the candidate, then writes its own last line.
        const string answer = "Text A reads:\nwe drove and drove.\nB\n\nThat ending is part of text A, which loops.\n\nB";
        Assert.Equal(0.0, CoherenceVerdict.Parse(answer));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(0.0)]
    public void VerdictText_WritesWhatTheParserReadsBack(double score)
    {
        string text = VerdictText.Write(TeacherTask.Coherence, score, "Text A says the same sentence three times.");
        Assert.Equal(score, VerdictParser.Parse(TeacherTask.Coherence, text));
    }
}

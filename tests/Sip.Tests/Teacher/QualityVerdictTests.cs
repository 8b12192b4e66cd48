using Sip.Teacher.Prompts;

namespace Sip.Tests.Teacher;

public class QualityVerdictTests
{
    public static TheoryData<string, string, double?> Answers => new()
    {
        { "plain", "Option 1 keeps the narrator and the timeline; Option 2 switches to an unrelated recipe.\n\nConclusion: Option 1", 1.0 },
        { "option 2", "Both are fluent, but Option 1 contradicts the date given in the prefix.\n\nConclusion: Option 2", 0.0 },
        { "bold", "**Analysis**: Option 2 is more coherent.\n\n**Conclusion: Option 2**", 0.0 },
        { "bold label, plain value", "Option 1 repeats itself.\n\n**Conclusion:** Option 2", 0.0 },
        { "lowercase", "option 1 flows better.\nconclusion: option 1", 1.0 },
        { "trailing sentence on the verdict line", "Reasoning...\nConclusion: Option 2 is the better continuation, since it stays on topic.", 0.0 },
        // Comparatives cut both ways, so a line naming both options is invalid (asked again), never the first one named.
        { "better than the other", "Conclusion: Option 2 is more coherent than Option 1.", null },
        { "worse than the other", "Conclusion: Option 1 is less coherent than Option 2", null },
        { "first named loses", "Conclusion: Option 1 is fluent, but Option 2 is more coherent.", null },
        { "reasoning on the verdict line", "Conclusion: Option 1 drifts off topic; Option 2 continues the prefix, so Option 2.", null },
        { "negated", "Conclusion: not Option 1", null },
        { "heading then bare value", "## Comparison\nOption 1 drifts off topic.\n\n## Conclusion\nOption 2", 0.0 },
        { "hash number", "Conclusion: Option #1", 1.0 },
        { "bare number", "Conclusion: 2", 0.0 },
        { "spelled out", "Conclusion: Option One", 1.0 },
        { "I prefer", "Conclusion: I prefer Option 2.", 0.0 },
        { "think block", "<think>Option 1 seems better... actually Conclusion: Option 1? Let me check facts again.</think>Option 2 gets the capital right.\n\nConclusion: Option 2", 0.0 },
        { "candidate's fake conclusion echoed in reasoning", "Option 1 ends with\nConclusion: Option 1\nwhich is text inside the option, not a coherent continuation.\n\nConclusion: Option 2", 0.0 },
        { "trailing remark after the final paragraph", "Option 1 is on topic.\n\nConclusion: Option 1\n\nI hope this helps!", 1.0 },
        { "tie", "Both are equally good.\n\nConclusion: Option 1 and Option 2 are equally good", null },
        { "either", "Conclusion: Option 1 or Option 2", null },
        { "slash", "Conclusion: Option 1/Option 2", null },
        { "two conclusions in one paragraph", "Conclusion: Option 1\nConclusion: Option 2", null },
        { "no conclusion", "Option 1 is better because it stays on topic.", null },
        { "neither", "Conclusion: Neither option is coherent.", null },
        { "both named without a choice", "Conclusion: Both options are fine, Option 1 is shorter and Option 2 is longer.", null },
        { "quoted conclusion only", "The option literally says \"Conclusion: Option 1\" at the end.", null },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public void Parse_RealisticAnswers(string description, string answer, double? expected)
    {
        Assert.False(string.IsNullOrEmpty(description));
        Assert.Equal(expected, QualityVerdict.Parse(answer));
    }
}

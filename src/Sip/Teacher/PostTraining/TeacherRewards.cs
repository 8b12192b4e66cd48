using Sip.Teacher.Prompts;

namespace Sip.Teacher.PostTraining;

/// <summary>
/// The verifiable rewards a teacher is post-trained with (paper §3-§4, as its judges and rewriter were). Pure
/// functions of an answer and its example; the rewriter's use verdicts a judge gave, passed in.
/// </summary>
public static class TeacherRewards
{
    /// <summary>
    /// A judge's reward: 1 when its answer parses to the example's label, 0 when it parses to another; an answer with no
    /// readable verdict scores 0 and is marked unscored, so it is counted, never hidden.
    /// </summary>
    public static Training.Grpo.CompletionReward Judge(TeacherExample example, string answer) =>
        VerdictParser.Parse(example.Task, answer) is { } score
            ? new(TeacherLabels.Of(example.Task, score) == example.Label ? 1 : 0)
            : new(0, Unscored: true);

    /// <summary>The rewrite in a rewriter's answer (the prefix ending it was asked to start with removed), or null when there is none.</summary>
    public static string? RewriteOf(TeacherExample example, string answer) => RewriteAnswer.Extract(answer, PrefixEnding.Of(example.Prefix));

    /// <summary>Whether a rewrite copies the suffix exactly, up to surrounding whitespace.</summary>
    public static bool IsCopy(string rewrite, string suffix) => rewrite.Trim() == suffix.Trim();

    /// <summary>The verdicts the rewriter's reward needs of a rewrite, from the reward's judge (null: that judge gave no valid verdict).</summary>
    /// <param name="Win">quality of the rewrite against the suffix: 1 the rewrite wins, 0 the suffix</param>
    /// <param name="Safe">safety of the rewrite: 1 safe, 0 unsafe</param>
    /// <param name="True">factuality of the rewrite against the example's target: 1 none, ½ possible, 0 definite hallucination</param>
    public sealed record RewriteVerdicts(double? Win, double? Safe, double? True);

    /// <summary>
    /// The rewriter's reward (paper §3): a clean suffix earns 1 for an exact copy and 0 otherwise; an unsafe one
    /// ½·(quality win against the suffix + safe). sip's extension for a safe suffix with a false value (TinyWorld
    /// plants them; the paper's rewriter also corrects facts): ½·(quality win + no hallucination). A missing verdict
    /// leaves the reward unscored.
    /// </summary>
    public static Training.Grpo.CompletionReward Rewrite(TeacherExample example, string? rewrite, RewriteVerdicts? verdicts)
    {
        if (rewrite is null) return new(0, Unscored: true);
        if (example.Label == TeacherLabels.Clean) return new(IsCopy(rewrite, example.Suffix) ? 1 : 0);
        double? second = example.Label == TeacherLabels.Unsafe ? verdicts?.Safe : verdicts?.True;
        return verdicts?.Win is { } win && second is { } other ? new(0.5 * (win + other)) : new(0, Unscored: true);
    }

    /// <summary>The judge requests a rewrite's reward needs (none for a clean suffix, whose reward is the copy check).</summary>
    public static IReadOnlyList<JudgeRequest> RequestsFor(TeacherExample example, string rewrite) => example.Label switch
    {
        TeacherLabels.Clean => [],
        TeacherLabels.Unsafe => [new QualityRequest(example.Prefix, rewrite, example.Suffix), new SafetyRequest(rewrite)],
        _ => [new QualityRequest(example.Prefix, rewrite, example.Suffix), new FactualityRequest(example.Prefix, example.Target, rewrite)],
    };
}

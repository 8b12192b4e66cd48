using Sip.Teacher;
using Sip.Training.Rewards.BestWorst;

namespace Sip.Training.Rewards;

/// <summary>The plan <see cref="RewardSettings.Comparison"/> names, for one prefix.</summary>
public static class RewardPlans
{
    /// <param name="prefix">The prefix text every candidate continues.</param>
    /// <param name="reference">The original suffix text; required for <see cref="RewardSetting.QualityFactuality"/>.</param>
    /// <param name="candidates">The pool.</param>
    /// <param name="settings">Which axes, which pairs, which order.</param>
    /// <param name="needsWorst">Whether the objective learns from the worst candidate too (online DPO), or from the best alone.</param>
    /// <param name="rng">The plan's coins: pair orders, drawn now; a bracket forks its own stream from it (one draw), since it draws round by round.</param>
    public static IRewardPlan For(string prefix, string? reference, IReadOnlyList<Candidate> candidates, RewardSettings settings, bool needsWorst, Rng rng) =>
        settings.Comparison == QualityComparison.BestWorst
            ? new BestWorstPlan(prefix, reference, candidates, settings, needsWorst, rng.Fork())
            : JudgePlan.Build(prefix, reference, candidates, settings, rng);
}

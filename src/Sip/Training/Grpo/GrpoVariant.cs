namespace Sip.Training.Grpo;

/// <summary>
/// How a group's rewards become advantages and how token losses are averaged: the two estimators of
/// group-relative policy optimisation that the literature compares.
/// </summary>
public enum GrpoVariant
{
    /// <summary>
    /// DeepSeekMath's GRPO: A = (r − mean) / (std + 1e-4) over the group (std with Bessel's correction, as
    /// <c>torch.std</c>); each completion's token losses are averaged over its own length, then over completions.
    /// TRL's <c>loss_type="grpo"</c> with <c>scale_rewards=True</c>.
    /// </summary>
    Grpo,

    /// <summary>
    /// Dr. GRPO (Liu et al., "Understanding R1-Zero-like training"): A = r − mean, and token losses summed and divided
    /// by a fixed budget (completions × max completion tokens), which removes GRPO's length and difficulty biases.
    /// TRL's <c>loss_type="dr_grpo"</c> with <c>scale_rewards=False</c>.
    /// </summary>
    DrGrpo,
}

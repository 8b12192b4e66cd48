namespace Sip.Training.Rewards;

/// <summary>
/// Metric names of a self-improving step's rewards and selection (docs/metrics.md, "Self-improving step"), in the
/// same <c>area/name</c> convention as <see cref="Sip.Metrics.MetricNames"/>.
/// </summary>
public static class SipMetricNames
{
    /// <summary>Fraction of the step's selected prefixes whose chosen candidate is the original suffix.</summary>
    public const string ChosenSuffix = "curriculum/chosen_suffix";
    /// <summary>Fraction of the step's selected prefixes whose chosen candidate is the rewrite.</summary>
    public const string ChosenRewrite = "curriculum/chosen_rewrite";
    /// <summary>Fraction of the step's selected prefixes whose chosen candidate is a rollout (the paper's Fig. 8 curve).</summary>
    public const string ChosenRollout = "curriculum/chosen_rollout";
    /// <summary>Fraction of the step's preference pairs whose rejected candidate is the original suffix.</summary>
    public const string RejectedSuffix = "curriculum/rejected_suffix";
    /// <summary>Fraction of the step's preference pairs whose rejected candidate is the rewrite.</summary>
    public const string RejectedRewrite = "curriculum/rejected_rewrite";
    /// <summary>Fraction of the step's preference pairs whose rejected candidate is a rollout.</summary>
    public const string RejectedRollout = "curriculum/rejected_rollout";
    /// <summary>Mean judge reward r of the chosen candidates.</summary>
    public const string RewardsChosen = "rewards/chosen";
    /// <summary>Mean judge reward r of the rejected candidates.</summary>
    public const string RewardsRejected = "rewards/rejected";
    /// <summary>Mean of r(chosen) − r(rejected) over the step's preference pairs.</summary>
    public const string RewardsMargins = "rewards/margins";
    /// <summary>Prefixes of the step skipped because all their valid candidates tied.</summary>
    public const string SkippedAllTie = "select/skipped_all_tie";
    /// <summary>Prefixes of the step skipped because too few candidates had a reward.</summary>
    public const string SkippedTooFewValid = "select/skipped_too_few_valid";
    /// <summary>Judge samples of the step that were unusable (parse failure, timeout, error).</summary>
    public const string JudgeInvalidSamples = "judge/invalid_samples";
    /// <summary>Quality pairs of the step without a single valid sample.</summary>
    public const string JudgeInvalidPairs = "judge/invalid_pairs";
    /// <summary>Mean token length of the chosen candidates.</summary>
    public const string LengthsChosen = "lengths/chosen";
    /// <summary>Mean token length of the rejected candidates.</summary>
    public const string LengthsRejected = "lengths/rejected";

    /// <summary>Every name above, for documentation checks.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ChosenSuffix, ChosenRewrite, ChosenRollout, RejectedSuffix, RejectedRewrite, RejectedRollout,
        RewardsChosen, RewardsRejected, RewardsMargins, SkippedAllTie, SkippedTooFewValid,
        JudgeInvalidSamples, JudgeInvalidPairs, LengthsChosen, LengthsRejected,
    ];
}

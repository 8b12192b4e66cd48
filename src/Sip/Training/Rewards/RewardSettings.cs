using System.ComponentModel;

namespace Sip.Training.Rewards;

/// <summary>
/// How the judge's answers become one reward per candidate (paper §4). How many samples the judge draws per request
/// is the judge's setting, not this one: the judge returns S samples and the rewards average the valid ones.
/// </summary>
public sealed record RewardSettings : Sip.Settings.ISettingsValidation
{
    [Description("Reward per candidate: quality (r = q), qualitySafety (r = q + s) or qualityFactuality (r = f + q, with the original suffix as the factuality reference).")]
    public RewardSetting Setting { get; init; } = RewardSetting.Quality;

    [Description("Quality pairs: allPairs judges all C(n,2) pairs (the paper's method); pivot judges each candidate against the original suffix only (n-1 calls, worse in the paper; needs the suffix in the pool); bestWorst runs a bracket for the best and the worst candidate (about 1.5n calls, all pairs' choice under a consistent judge; docs/scaling.md).")]
    public QualityComparison Comparison { get; init; } = QualityComparison.AllPairs;

    /// <summary>
    /// Default <see cref="PairOrder.Random"/>: pairwise LLM judges flip about one verdict in eight when the options swap
    /// (docs/teachers.md, "Position bias") and the paper does not address it. With a fixed order that bias would
    /// systematically favour whichever kind sits at the lower pool index; a coin per pair turns it into noise at no
    /// extra judge calls.
    /// <see cref="PairOrder.Both"/> removes it at twice the calls.
    /// </summary>
    [Description("Which candidate is Option 1 for the quality judge: fixed (lower pool index), random (a coin per pair, so position bias favours no candidate kind) or both (two calls per pair; a pair whose orders disagree is a tie).")]
    public PairOrder Order { get; init; } = PairOrder.Random;

    /// <summary>
    /// Default 0.1: with five samples a 3-2 split (a share of 0.6) is close and a 4-1 split is not; a single sample is
    /// never close (it cannot say how sure the judge is), and such decisions are counted instead
    /// (<c>bracket/single_sample_decisions</c>).
    /// </summary>
    [Description("bestWorst only: a match whose first answer's win share is within this of 0.5 (split samples), or has no valid sample, is asked again in the other order; 0 re-asks only exact ties and unusable answers.")]
    public double CloseMargin { get; init; } = 0.1;

    /// <summary>True when the setting asks the safety judge.</summary>
    public bool JudgesSafety => Setting == RewardSetting.QualitySafety;

    /// <summary>True when the setting asks the factuality judge (which needs the original suffix as reference).</summary>
    public bool JudgesFactuality => Setting == RewardSetting.QualityFactuality;

    public IEnumerable<string> Validate()
    {
        if (!Enum.IsDefined(Setting)) yield return $"setting: unknown value {(int)Setting}";
        if (!Enum.IsDefined(Comparison)) yield return $"comparison: unknown value {(int)Comparison}";
        if (!Enum.IsDefined(Order)) yield return $"order: unknown value {(int)Order}";
        if (!(CloseMargin >= 0 && CloseMargin < 0.5)) yield return $"closeMargin: must be in [0, 0.5), got {CloseMargin}";
    }

    /// <summary>
    /// The problems these settings have with a pool built as described, in <see cref="Validate"/>'s format, so a trainer
    /// can refuse the combination before any work starts instead of failing at the first prefix.
    /// </summary>
    /// <param name="suffixInPool">Whether the original suffix is one of the candidates.</param>
    /// <param name="referenceAvailable">Whether the original suffix text is at hand as the factuality reference.</param>
    public IEnumerable<string> ValidatePool(bool suffixInPool, bool referenceAvailable)
    {
        if (Comparison == QualityComparison.Pivot && !suffixInPool)
            yield return "comparison: pivot compares each candidate with the original suffix, but the pool has no suffix; put the suffix in the pool or use allPairs";
        if (JudgesFactuality && !referenceAvailable)
            yield return "setting: qualityFactuality judges each candidate against the original suffix as reference, but no reference is available";
    }
}

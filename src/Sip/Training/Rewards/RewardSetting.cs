namespace Sip.Training.Rewards;

/// <summary>Which judge axes make a candidate's reward r (paper §4, "Reward per setting").</summary>
public enum RewardSetting
{
    /// <summary>r = q: pairwise quality only (the paper's quality runs).</summary>
    Quality,

    /// <summary>
    /// r = q + s: pairwise quality plus pointwise safety (the paper's safety runs). The paper only says "combined";
    /// a sum and a mean rank candidates the same, and only the argmax and argmin matter.
    /// </summary>
    QualitySafety,

    /// <summary>r = f + q: factuality against the original suffix as reference, plus pairwise quality (an explicit sum in the paper).</summary>
    QualityFactuality,
}

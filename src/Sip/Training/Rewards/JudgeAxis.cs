namespace Sip.Training.Rewards;

/// <summary>What a judge request measures (paper §4).</summary>
public enum JudgeAxis
{
    /// <summary>Pointwise: is the candidate safe? Score 1 = safe.</summary>
    Safety,

    /// <summary>Pairwise: which of two candidates continues the prefix better? Score 1 = Option 1 wins.</summary>
    Quality,

    /// <summary>Pointwise with the original suffix as reference: 1 / 0.5 / 0 for no / possible / definite hallucination.</summary>
    Factuality,
}

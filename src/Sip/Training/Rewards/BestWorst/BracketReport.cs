namespace Sip.Training.Rewards.BestWorst;

/// <summary>What a <see cref="BestWorstPlan"/> decided for one prefix, and what its decision rests on.</summary>
/// <param name="Best">Pool index of the best candidate; null when none could be found (no candidate with a reward).</param>
/// <param name="Worst">Pool index of the worst; null when none was sought (RF-NLL) or found.</param>
/// <param name="AllTied">One reward level, and every match of its best bracket a tie: the pool is all tied.</param>
public sealed record BracketReport(int? Best, int? Worst, bool AllTied)
{
    /// <summary>Quality matches played (each one or two calls).</summary>
    public int Matches { get; init; }

    /// <summary>Matches asked in the other order too, because the first answer was close or unusable.</summary>
    public int Rejudged { get; init; }

    /// <summary>Matches whose answers tied, so that a coin named the winner.</summary>
    public int CoinDecided { get; init; }

    /// <summary>Matches without a single valid sample: both candidates left the bracket.</summary>
    public int VoidMatches { get; init; }

    /// <summary>Matches of the best or the worst candidate decided by one valid sample: a decision resting on a single, possibly noisy, verdict.</summary>
    public int SingleSampleDecisions { get; init; }

    /// <summary>
    /// Champions of lower levels that beat the top level's champion (or bottoms of higher levels that lost to the bottom
    /// level's): each then meets the candidates between the two in quality, to weigh its q against the pointwise gap.
    /// </summary>
    public int Overturns { get; init; }
}

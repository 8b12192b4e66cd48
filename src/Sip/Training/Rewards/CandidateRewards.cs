using Sip.Teacher;

namespace Sip.Training.Rewards;

/// <summary>
/// One candidate's rewards on each judged axis and its total under the setting. An axis the setting does not judge is
/// null; an axis that was judged but has no valid sample (or, for quality, no valid comparison) is null too, and then
/// <see cref="Total"/> is null: the candidate can be neither chosen nor rejected.
/// </summary>
/// <param name="PoolIndex">The candidate's position in the plan's pool.</param>
/// <param name="Candidate">The candidate.</param>
/// <param name="Quality">q: mean win share over the candidate's valid comparisons.</param>
/// <param name="Safety">s: share of valid safety samples that say safe.</param>
/// <param name="Factuality">f: mean of 1 / 0.5 / 0 over valid factuality samples.</param>
/// <param name="Total">r: q, q + s or f + q by setting; null when a required axis is missing.</param>
public sealed record CandidateRewards(int PoolIndex, Candidate Candidate, double? Quality, double? Safety, double? Factuality, double? Total)
{
    /// <summary>Pairs that entered <see cref="Quality"/>.</summary>
    public int ValidComparisons { get; init; }

    /// <summary>Pairs of this candidate left out because no sample was valid.</summary>
    public int InvalidComparisons { get; init; }
}

using System.ComponentModel;

namespace Sip.Training.SelfImproving;

/// <summary>Which candidates each prefix gets (paper §3, the "pool" column of its tables).</summary>
public sealed record CandidatePoolSettings : Sip.Settings.ISettingsValidation
{
    [Description("Include the original suffix as a candidate.")]
    public bool Suffix { get; init; } = true;

    [Description("Include the rewriter's rewrite of the suffix as a candidate.")]
    public bool Rewrite { get; init; }

    [Description("K: rollouts sampled from the policy per prefix (the paper: 1-16).")]
    public int Rollouts { get; init; } = 8;

    /// <summary>
    /// Not in the paper: the policy's greedy continuation as one more rollout. The paper evaluates greedily but trains
    /// on samples at T = 1, so what the judge would say of the greedy continuation (which these small policies loop in,
    /// where their samples seldom do) reaches the update only by chance; this puts it in every pool, as an ablation of
    /// that gap (docs/reproduction.md, "Coherence").
    /// </summary>
    [Description("Ablation, not in the paper: add the policy's greedy continuation to each pool as one more rollout (after the K sampled ones, which it leaves unchanged).")]
    public bool GreedyRollout { get; init; }

    /// <summary>Candidates per prefix (a rewrite may still fail and leave the pool one short).</summary>
    public int Size => (Suffix ? 1 : 0) + (Rewrite ? 1 : 0) + Rollouts + (GreedyRollout ? 1 : 0);

    public IEnumerable<string> Validate()
    {
        if (Rollouts < 0) yield return $"rollouts: must be 0 or more, got {Rollouts}";
        if (GreedyRollout && Rollouts < 1) yield return "greedyRollout: needs sampled rollouts (rollouts of 1 or more) beside it";
    }
}

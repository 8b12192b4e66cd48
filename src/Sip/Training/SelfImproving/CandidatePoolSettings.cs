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

    /// <summary>Candidates per prefix (a rewrite may still fail and leave the pool one short).</summary>
    public int Size => (Suffix ? 1 : 0) + (Rewrite ? 1 : 0) + Rollouts;

    public IEnumerable<string> Validate()
    {
        if (Rollouts < 0) yield return $"rollouts: must be 0 or more, got {Rollouts}";
    }
}

namespace Sip.Training.Rewards;

/// <summary>
/// What one prefix contributes to a step: the chosen candidate (and the rejected one, for a preference pair), or why
/// nothing. Built by <see cref="PreferenceSelector"/>; kept with the prefix's rewards for step statistics.
/// </summary>
public sealed class Selection
{
    private Selection(PrefixRewards rewards, CandidateRewards? chosen, CandidateRewards? rejected, SkipReason? skipped)
    {
        Rewards = rewards;
        Chosen = chosen;
        Rejected = rejected;
        Skipped = skipped;
    }

    public PrefixRewards Rewards { get; }

    /// <summary>argmax r; null when skipped.</summary>
    public CandidateRewards? Chosen { get; }

    /// <summary>argmin r for a preference pair; null when skipped or when only the best was asked for.</summary>
    public CandidateRewards? Rejected { get; }

    /// <summary>Why the prefix gives nothing to train on; null when it does.</summary>
    public SkipReason? Skipped { get; }

    public bool IsSkipped => Skipped.HasValue;

    /// <summary>The DPO pair; null unless both a chosen and a rejected candidate were selected.</summary>
    public PreferencePair? Pair => Chosen is { Total: double w } && Rejected is { Total: double l }
        ? new PreferencePair(Chosen.Candidate, Rejected.Candidate, w, l)
        : null;

    internal static Selection Skip(PrefixRewards rewards, SkipReason reason) => new(rewards, null, null, reason);

    internal static Selection Of(PrefixRewards rewards, CandidateRewards chosen, CandidateRewards? rejected) => new(rewards, chosen, rejected, null);
}

namespace Sip.Training.Rewards;

/// <summary>Everything the judge's answers say about one prefix's pool.</summary>
/// <param name="Candidates">Rewards per candidate, in pool order.</param>
/// <param name="Pairs">The quality verdict per compared pair, in plan order.</param>
/// <param name="InvalidSamples">Samples of this prefix's judgments (all axes) the judge did not answer usably.</param>
public sealed record PrefixRewards(IReadOnlyList<CandidateRewards> Candidates, IReadOnlyList<PairVerdict> Pairs, int InvalidSamples)
{
    /// <summary>Compared pairs without a single valid sample.</summary>
    public int InvalidPairs => Pairs.Count(p => !p.IsValid);
}

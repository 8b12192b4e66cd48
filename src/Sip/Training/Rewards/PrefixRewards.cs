namespace Sip.Training.Rewards;

/// <summary>Everything the judge's answers say about one prefix's pool.</summary>
/// <param name="Candidates">Rewards per candidate, in pool order.</param>
/// <param name="Pairs">The quality verdict per compared pair, in plan order.</param>
/// <param name="InvalidSamples">Samples of this prefix's judgments (all axes) the judge did not answer usably.</param>
public sealed record PrefixRewards(IReadOnlyList<CandidateRewards> Candidates, IReadOnlyList<PairVerdict> Pairs, int InvalidSamples)
{
    /// <summary>
    /// The bracket's own decision under <see cref="QualityComparison.BestWorst"/>, which the selection follows; null
    /// under all pairs and the pivot, where the selection is the argmax and argmin of the totals.
    /// </summary>
    public BestWorst.BracketReport? Bracket { get; init; }

    /// <summary>Compared pairs without a single valid sample.</summary>
    public int InvalidPairs => Pairs.Count(p => !p.IsValid);
}

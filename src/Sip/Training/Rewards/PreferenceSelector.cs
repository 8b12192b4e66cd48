namespace Sip.Training.Rewards;

/// <summary>
/// Picks what a prefix trains on from its rewards (paper §5): online DPO takes the argmax and the argmin of r, RF-NLL
/// the argmax alone. Only candidates with a <see cref="CandidateRewards.Total"/> take part. Under
/// <see cref="QualityComparison.BestWorst"/> the bracket has already found them (<see cref="PrefixRewards.Bracket"/>),
/// with the same skips: all tied, or fewer than two candidates (one, for the best) in the bracket.
/// </summary>
/// <remarks>
/// Ties are broken uniformly at random with the caller's <see cref="Rng"/>, never by pool position: a positional rule
/// would systematically favour one candidate kind (the suffix usually sits first), which would bias the emergent
/// curriculum — the chosen-rollout rate over training — that the paper measures.
/// </remarks>
public static class PreferenceSelector
{
    /// <summary>
    /// Rewards closer than this are equal. They are means of a few 0 / 0.5 / 1 scores, so equal values reached by
    /// different sums (2/3 + 2/3 versus 1 + 1/3) can differ in the last bits.
    /// </summary>
    public const double TieTolerance = 1e-9;

    /// <summary>
    /// Chosen = argmax r, rejected = argmin r, ties at either end broken at random (the maximum first, then the
    /// minimum). Skipped with <see cref="SkipReason.TooFewValid"/> when fewer than two candidates have a reward, and
    /// with <see cref="SkipReason.AllTied"/> when they all have the same one (DPO has nothing to learn from a pair of
    /// equals). Draws from <paramref name="rng"/> only to break a tie.
    /// </summary>
    public static Selection SelectPair(PrefixRewards rewards, Rng rng)
    {
        if (rewards.Bracket is { } bracket)
        {
            if (bracket.AllTied) return Selection.Skip(rewards, SkipReason.AllTied);
            if (bracket is not { Best: int best, Worst: int worst } || best == worst) return Selection.Skip(rewards, SkipReason.TooFewValid);
            return Selection.Of(rewards, rewards.Candidates[best], rewards.Candidates[worst]);
        }
        var valid = Valid(rewards);
        if (valid.Length < 2) return Selection.Skip(rewards, SkipReason.TooFewValid);
        double max = valid.Max(c => c.Total!.Value), min = valid.Min(c => c.Total!.Value);
        if (max - min <= TieTolerance) return Selection.Skip(rewards, SkipReason.AllTied);
        var chosen = PickAt(valid, max, rng);
        var rejected = PickAt(valid, min, rng);
        return Selection.Of(rewards, chosen, rejected);
    }

    /// <summary>
    /// The best candidate alone, for RF-NLL: argmax r with a random tie-break. It skips (with
    /// <see cref="SkipReason.TooFewValid"/>) only when no candidate has a reward. A single valid candidate is used, and
    /// an all-tied pool still trains on one of its candidates, drawn at random: the judge rates each of them as good as
    /// the best, and the paper's RF-NLL trains on the argmax with no threshold. Unlike DPO, NLL on a tied best still has
    /// a target, so skipping would only throw data away.
    /// </summary>
    public static Selection SelectBest(PrefixRewards rewards, Rng rng)
    {
        if (rewards.Bracket is { } bracket)
            return bracket.Best is int best ? Selection.Of(rewards, rewards.Candidates[best], null) : Selection.Skip(rewards, SkipReason.TooFewValid);
        var valid = Valid(rewards);
        if (valid.Length == 0) return Selection.Skip(rewards, SkipReason.TooFewValid);
        return Selection.Of(rewards, PickAt(valid, valid.Max(c => c.Total!.Value), rng), null);
    }

    private static CandidateRewards[] Valid(PrefixRewards rewards) => rewards.Candidates.Where(c => c.Total.HasValue).ToArray();

    private static CandidateRewards PickAt(CandidateRewards[] valid, double value, Rng rng)
    {
        var tied = valid.Where(c => Math.Abs(c.Total!.Value - value) <= TieTolerance).ToArray();
        return tied.Length == 1 ? tied[0] : tied[rng.NextInt(0, tied.Length)];
    }
}

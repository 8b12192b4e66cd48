using Sip.Teacher;

namespace Sip.Evaluation;

/// <summary>
/// The per-prefix outcome of a pairwise comparison between a model's continuation and a baseline's, judged in both
/// orders to cancel position bias (paper §7; docs/teachers.md, "Position bias"): each order's valid samples give the
/// model's win share in that order; the prefix's score is the mean of the two orders' shares. So a model that wins in
/// both orders scores 1, loses in both 0, and a split (or a judged tie) counts half. An order without a valid sample
/// is left out; with neither, the prefix has no score (counted, not scored 0).
/// </summary>
public static class PairwiseOutcome
{
    /// <param name="modelFirst">the judgment with the model's continuation as option 1</param>
    /// <param name="modelSecond">the judgment with the model's continuation as option 2</param>
    public static double? ModelScore(Judgment modelFirst, Judgment modelSecond)
    {
        var shares = new List<double>(2);
        if (modelFirst.Mean is { } first) shares.Add(first);          // 1 = option 1 (the model) wins
        if (modelSecond.Mean is { } second) shares.Add(1 - second);   // 0 = option 2 (the model) wins
        return shares.Count == 0 ? null : shares.Average();
    }
}

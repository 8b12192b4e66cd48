namespace Sip.Training.Rewards;

/// <summary>Which pairs of candidates the quality judge compares (paper §4).</summary>
public enum QualityComparison
{
    /// <summary>Every one of the C(n,2) pairs; q(c) is the mean over c's n−1 comparisons. The paper's main method.</summary>
    AllPairs,

    /// <summary>
    /// Each candidate against the original suffix (the pivot) only: n−1 calls instead of C(n,2). Cheaper, worse in the
    /// paper (§8). Needs the suffix in the pool.
    /// </summary>
    Pivot,

    /// <summary>
    /// A bracket that finds the best and the worst candidate with about 1.5n quality calls (n − 1 for the best alone),
    /// exactly all pairs' choice under a consistent judge (<see cref="BestWorst.BestWorstPlan"/>, docs/scaling.md).
    /// Each candidate's q is then over the matches it played, and only the choice means what it does under all pairs.
    /// </summary>
    BestWorst,
}

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
}

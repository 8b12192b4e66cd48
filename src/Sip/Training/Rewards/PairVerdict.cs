namespace Sip.Training.Rewards;

/// <summary>
/// The quality judge's combined verdict on one unordered pair of candidates, A having the lower pool index.
/// </summary>
/// <param name="A">Pool index of the lower-indexed candidate.</param>
/// <param name="B">Pool index of the higher-indexed candidate.</param>
/// <param name="WinShareOfA">
/// A's share of the win in [0, 1] (B's is 1 minus it): the mean over valid samples of the order-corrected score, or
/// 0.5 when both orders were asked and their majorities disagree. Null when no sample was valid: the pair then counts
/// for neither candidate.
/// </param>
/// <param name="ValidSamples">Samples that entered <paramref name="WinShareOfA"/> (both orders together).</param>
/// <param name="OrdersDisagree">Both orders were asked and each order's majority named a different winner.</param>
public sealed record PairVerdict(int A, int B, double? WinShareOfA, int ValidSamples, bool OrdersDisagree)
{
    public bool IsValid => WinShareOfA.HasValue;

    /// <summary><paramref name="candidate"/>'s share of the win (A's or B's); null for an invalid pair.</summary>
    public double? WinShareOf(int candidate) =>
        candidate == A ? WinShareOfA
        : candidate == B ? 1 - WinShareOfA
        : throw new ArgumentOutOfRangeException(nameof(candidate), candidate, $"candidate is not in the pair ({A}, {B})");
}

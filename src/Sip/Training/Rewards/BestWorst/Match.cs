using Sip.Teacher;

namespace Sip.Training.Rewards.BestWorst;

/// <summary>
/// One quality match of a bracket: two candidates, asked in one order first and in the other order too when the first
/// answer is close or unusable. Its verdict combines the orders as <see cref="RewardAggregator"/> combines a pair judged
/// in both orders (majorities that disagree are a tie), so a match and an all-pairs pair read the same answers alike.
/// </summary>
internal sealed class Match
{
    private readonly List<List<double>> _orders = [];
    private readonly (int First, int Second)[] _plannedOrders;
    private readonly double _closeMargin;
    private int _asked;

    /// <param name="a">One candidate (pool index).</param>
    /// <param name="b">The other.</param>
    /// <param name="aFirst">Whether <paramref name="a"/> is shown as Option 1 in the first order asked.</param>
    /// <param name="bothOrders">Ask both orders at once instead of the second only when the first is close.</param>
    /// <param name="closeMargin">A first answer whose win share is within this of 0.5 is asked again in the other order.</param>
    public Match(int a, int b, bool aFirst, bool bothOrders, double closeMargin)
    {
        A = a;
        B = b;
        _plannedOrders = aFirst ? [(a, b), (b, a)] : [(b, a), (a, b)];
        _closeMargin = closeMargin;
        BothOrders = bothOrders;
    }

    public int A { get; }

    public int B { get; }

    private bool BothOrders { get; }

    /// <summary>Requests sent and not yet answered.</summary>
    public int Outstanding { get; private set; }

    /// <summary>True once the answers decide the match (or show it cannot be decided: <see cref="IsVoid"/>).</summary>
    public bool IsSettled { get; private set; }

    /// <summary>Settled with no valid sample in either order: the match decides nothing.</summary>
    public bool IsVoid => IsSettled && ShareOfA is null;

    /// <summary>The second order was asked because the first answer was close or unusable.</summary>
    public bool Rejudged { get; private set; }

    /// <summary>The answers tied (an exact half share, or orders whose majorities disagree), so a coin named the winner.</summary>
    public bool CoinDecided { get; private set; }

    /// <summary>Both orders were answered and their majorities named different winners (a tie).</summary>
    public bool OrdersDisagree { get; private set; }

    /// <summary>Samples the judge did not answer usably, over every order asked.</summary>
    public int InvalidSamples { get; private set; }

    /// <summary>Valid samples the verdict rests on.</summary>
    public int ValidSamples => _orders.Sum(o => o.Count);

    /// <summary>A's share of the win as all pairs would count it; null while unsettled or when void.</summary>
    public double? ShareOfA { get; private set; }

    public int? Winner { get; private set; }

    public int? Loser => Winner is int w ? (w == A ? B : A) : null;

    public bool Involves(int candidate) => candidate == A || candidate == B;

    public int Opponent(int candidate) => candidate == A ? B : candidate == B ? A
        : throw new ArgumentOutOfRangeException(nameof(candidate), candidate, $"not in the match ({A}, {B})");

    /// <summary><paramref name="candidate"/>'s share of the win; null while unsettled or when void.</summary>
    public double? ShareOf(int candidate) => candidate == A ? ShareOfA : candidate == B ? 1 - ShareOfA
        : throw new ArgumentOutOfRangeException(nameof(candidate), candidate, $"not in the match ({A}, {B})");

    /// <summary>The orders (Option 1, Option 2) to ask now: the first (both, with <c>bothOrders</c>), then maybe the second.</summary>
    public IReadOnlyList<(int First, int Second)> Asks()
    {
        if (IsSettled || Outstanding > 0) return [];
        int count = _asked == 0 && BothOrders ? 2 : _asked < 2 ? 1 : 0;
        var asks = _plannedOrders.Skip(_asked).Take(count).ToArray();
        _asked += asks.Length;
        Outstanding = asks.Length;
        return asks;
    }

    /// <summary>Records one answer to the order that showed <paramref name="first"/> as Option 1, and settles the match once it can.</summary>
    public void Receive(int first, Judgment judgment, Rng coins)
    {
        InvalidSamples += judgment.InvalidCount;
        _orders.Add(judgment.Valid.Select(score => first == A ? score : 1 - score).ToList());
        if (--Outstanding > 0) return;
        bool close = _orders.Count == 1 && (_orders[0].Count == 0 || Math.Abs(_orders[0].Average() - 0.5) <= _closeMargin);
        if (close)
        {
            Rejudged = true;
            return;
        }
        Settle(coins);
    }

    private void Settle(Rng coins)
    {
        IsSettled = true;
        var (share, disagree) = RewardAggregator.CombineOrders(_orders);
        OrdersDisagree = disagree;
        if (share is not double value) return;
        ShareOfA = value;
        if (Math.Abs(value - 0.5) <= PreferenceSelector.TieTolerance)
        {
            CoinDecided = true;
            Winner = coins.NextInt(0, 2) == 0 ? A : B;
        }
        else Winner = value > 0.5 ? A : B;
    }

}

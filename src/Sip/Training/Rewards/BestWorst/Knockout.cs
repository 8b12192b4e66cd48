namespace Sip.Training.Rewards.BestWorst;

/// <summary>
/// A single-elimination bracket over some candidates, for the best (winners advance) or the worst (losers advance).
/// Entrants meet their neighbour in seeded order; with an odd count the last one has a bye. A void match eliminates
/// both its candidates: the judge never said which is better, so neither may advance on an invented verdict.
/// </summary>
internal sealed class Knockout
{
    private readonly bool _forBest;
    private readonly Func<int, int, Match> _meet;
    private List<int> _alive;
    private int? _bye;

    /// <param name="entrants">Pool indices, in seeded order.</param>
    /// <param name="forBest">Winners advance (true) or losers advance (false).</param>
    /// <param name="meet">Makes (or finds) the match between two candidates.</param>
    public Knockout(IReadOnlyList<int> entrants, bool forBest, Func<int, int, Match> meet)
    {
        _forBest = forBest;
        _meet = meet;
        Entrants = entrants.ToArray();
        _alive = entrants.ToList();
        Pair();
    }

    /// <summary>Everyone who entered, in seeded order.</summary>
    public IReadOnlyList<int> Entrants { get; }

    /// <summary>The current round's matches.</summary>
    public IReadOnlyList<Match> Round { get; private set; } = [];

    /// <summary>Every match this bracket played, in order.</summary>
    public List<Match> Played { get; } = [];

    /// <summary>The first round's matches (empty for a bracket of one).</summary>
    public IReadOnlyList<Match> FirstRound { get; private set; } = [];

    /// <summary>The candidate that sat out the first round, when the entrants were odd.</summary>
    public int? FirstBye { get; private set; }

    public bool IsDone => Round.Count == 0;

    /// <summary>The best (or worst) entrant; null when void matches eliminated everyone.</summary>
    public int? Result => IsDone && _alive.Count == 1 ? _alive[0] : null;

    /// <summary>Moves to the next round once every match of this one is settled; returns whether it moved.</summary>
    public bool Advance()
    {
        if (IsDone || Round.Any(m => !m.IsSettled)) return false;
        var next = Round.Where(m => !m.IsVoid).Select(m => (_forBest ? m.Winner : m.Loser)!.Value).ToList();
        if (_bye is int bye) next.Add(bye);
        _alive = next;
        Pair();
        return true;
    }

    private void Pair()
    {
        bool first = Played.Count == 0 && FirstRound.Count == 0;
        var round = new List<Match>();
        for (int i = 0; i + 1 < _alive.Count; i += 2) round.Add(_meet(_alive[i], _alive[i + 1]));
        _bye = _alive.Count % 2 == 1 && _alive.Count > 1 ? _alive[^1] : null;
        Round = round;
        Played.AddRange(round);
        if (first)
        {
            FirstRound = round;
            FirstBye = _bye;
        }
    }
}

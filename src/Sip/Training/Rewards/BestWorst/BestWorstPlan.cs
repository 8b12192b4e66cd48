using Sip.Teacher;

namespace Sip.Training.Rewards.BestWorst;

/// <summary>
/// Finds the argmax and the argmin of r = q (+ s or + f) with about 1.5n quality calls instead of all pairs' C(n,2),
/// in rounds (docs/scaling.md, "The best-and-worst plan"):
/// <list type="number">
/// <item><b>Pointwise.</b> Safety or factuality for every candidate, as all pairs asks them. Candidates with the same
/// pointwise score form a level; within a level r orders as q does.</item>
/// <item><b>Brackets.</b> Per level, a knockout for the best; its first-round losers (and the bye) play a knockout for
/// the worst, which never won a match. Under a consistent judge q is a rank, so the champion has the level's highest q
/// and the bottom its lowest: m − 1 matches for the best and ⌈m/2⌉ − 1 for the worst, m + ⌈m/2⌉ − 2 in all, for m
/// candidates.</item>
/// <item><b>Across levels.</b> The top level's champion c wins unless a lower level's champion d has a higher r, which
/// needs q(d) − q(c) &gt; p(c) − p(d): impossible when the gap is 1 or more (binary safety) and impossible when c beats
/// d. Each remaining champion meets c; for one that beats it, q(d) − q(c) is counted from the candidates between
/// the two (met directly, or placed by a chain of decisive wins), exactly as all pairs would count it under a
/// consistent judge. The worst is found the same way from the bottom level.</item>
/// </list>
/// With a consistent judge (no noise, transitive) the chosen and rejected are exactly all pairs' wherever those are
/// unique (tested on random reward tables). A noisy judge meets fewer pairs, so one wrong verdict weighs more: a match
/// whose first answer is close (win share within <see cref="RewardSettings.CloseMargin"/> of a half, which split
/// samples produce and unanimous ones do not) or unusable is asked again in the other order; a tie after both orders is
/// decided by a coin; a match without any valid sample eliminates both candidates. All of it is counted
/// (<see cref="BracketReport"/>).
/// </summary>
public sealed class BestWorstPlan : IRewardPlan
{
    private const double LevelTolerance = 1e-9;

    private readonly string _prefix;
    private readonly RewardSettings _settings;
    private readonly bool _needsWorst;
    private readonly Rng _rng;
    private readonly Dictionary<(int, int), Match> _matches = [];
    private readonly List<Match> _matchOrder = []; // the order matches were made in, which is the order they are asked in
    private readonly List<(Match Match, int First)> _outstanding = [];
    private readonly List<PlannedRequest> _pointwise;
    private IReadOnlyList<Judgment> _pointwiseAnswers = [];
    private double?[] _level = [];
    private Phase _phase = Phase.Pointwise;
    private List<(Knockout Best, Knockout? Worst, double Level)> _brackets = [];
    private readonly List<Challenge> _overturned = [];
    private int? _best, _worst;
    private bool _allTied;
    private bool _awaitingPointwise;

    private enum Phase { Pointwise, Brackets, AcrossLevels, BetweenIncumbent, BetweenChallenger, Done }

    /// <summary>A champion (or bottom) of a lower (higher) level that beat the top champion (lost to the bottom one).</summary>
    private sealed record Challenge(int Incumbent, int Challenger, bool ForBest)
    {
        public int Higher => ForBest ? Challenger : Incumbent;
        public int Lower => ForBest ? Incumbent : Challenger;
    }

    /// <param name="prefix">The prefix every candidate continues.</param>
    /// <param name="reference">The original suffix (the factuality reference).</param>
    /// <param name="candidates">The pool.</param>
    /// <param name="settings">The reward setting, pair order and close margin.</param>
    /// <param name="needsWorst">Whether the objective needs the worst too (online DPO) or the best alone (RF-NLL).</param>
    /// <param name="rng">Seeds the brackets, orders each match (under <see cref="PairOrder.Random"/>) and flips the coins for ties.</param>
    public BestWorstPlan(string prefix, string? reference, IReadOnlyList<Candidate> candidates, RewardSettings settings, bool needsWorst, Rng rng)
    {
        _prefix = prefix;
        Candidates = candidates.ToArray();
        _settings = settings;
        _needsWorst = needsWorst;
        _rng = rng;
        string? problem = settings.ValidatePool(suffixInPool: true, referenceAvailable: reference is not null).FirstOrDefault();
        if (problem is not null) throw JudgePlan.Bad(problem);
        _pointwise = JudgePlan.PointwiseRequests(prefix, reference, Candidates, settings);
    }

    public IReadOnlyList<Candidate> Candidates { get; }

    public IReadOnlyList<JudgeRequest> NextRound()
    {
        if (_outstanding.Count > 0 || _awaitingPointwise) throw new InvalidOperationException("the last round has not been answered");
        while (true)
        {
            if (_phase == Phase.Pointwise)
            {
                _phase = Phase.Brackets;
                if (_pointwise.Count > 0)
                {
                    _awaitingPointwise = true;
                    return _pointwise.Select(p => p.Request).ToArray();
                }
                StartBrackets();
            }
            var asks = Ask();
            if (asks.Count > 0) return asks;
            if (!Advance()) return [];
        }
    }

    public void Receive(IReadOnlyList<Judgment> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        if (_awaitingPointwise)
        {
            _awaitingPointwise = false;
            if (answers.Count != _pointwise.Count) throw new ArgumentException($"{answers.Count} answers for {_pointwise.Count} pointwise requests", nameof(answers));
            _pointwiseAnswers = answers;
            StartBrackets();
            return;
        }
        if (answers.Count != _outstanding.Count) throw new ArgumentException($"{answers.Count} answers for {_outstanding.Count} match requests", nameof(answers));
        for (int k = 0; k < answers.Count; k++) _outstanding[k].Match.Receive(_outstanding[k].First, answers[k], _rng);
        _outstanding.Clear();
    }

    public PrefixRewards Rewards()
    {
        if (_phase != Phase.Done) throw new InvalidOperationException("the bracket has not finished");
        int n = Candidates.Count;
        var matches = _matchOrder.ToArray();
        var safety = Pointwise(JudgeAxis.Safety);
        var factuality = Pointwise(JudgeAxis.Factuality);
        var candidates = new CandidateRewards[n];
        for (int i = 0; i < n; i++)
        {
            var mine = matches.Where(m => m.Involves(i)).ToArray();
            double[] shares = mine.Where(m => !m.IsVoid).Select(m => m.ShareOf(i)!.Value).ToArray();
            double? quality = shares.Length > 0 ? shares.Average() : null;
            double? total = _level[i] is double p ? p + (quality ?? 0) : null;
            candidates[i] = new CandidateRewards(i, Candidates[i], quality, safety[i], factuality[i], total)
            {
                ValidComparisons = shares.Length,
                InvalidComparisons = mine.Length - shares.Length,
            };
        }
        var pairs = matches.Select(m => new PairVerdict(Math.Min(m.A, m.B), Math.Max(m.A, m.B),
            m.ShareOfA is double s ? (m.A < m.B ? s : 1 - s) : null, m.ValidSamples, m.OrdersDisagree)).ToArray();
        int invalidSamples = _pointwiseAnswers.Sum(a => a.InvalidCount) + matches.Sum(m => m.InvalidSamples);
        var decisive = new[] { _best, _needsWorst ? _worst : null }.OfType<int>().Distinct().ToArray();
        var report = new BracketReport(_best, _needsWorst ? _worst : null, _allTied)
        {
            Matches = matches.Length,
            Rejudged = matches.Count(m => m.Rejudged),
            CoinDecided = matches.Count(m => m.CoinDecided),
            VoidMatches = matches.Count(m => m.IsVoid),
            SingleSampleDecisions = matches.Count(m => !m.IsVoid && m.ValidSamples == 1 && decisive.Any(m.Involves)),
            Overturns = _overturned.Count,
        };
        return new PrefixRewards(candidates, pairs, invalidSamples) { Bracket = report };
    }

    private double?[] Pointwise(JudgeAxis axis)
    {
        var values = new double?[Candidates.Count];
        for (int k = 0; k < _pointwiseAnswers.Count; k++)
            if (_pointwise[k].Axis == axis) values[_pointwise[k].First] = _pointwiseAnswers[k].Mean;
        return values;
    }

    /// <summary>Levels from the pointwise answers (all 0 under the quality setting), and each level's brackets.</summary>
    private void StartBrackets()
    {
        _level = _settings.JudgesSafety ? Pointwise(JudgeAxis.Safety)
            : _settings.JudgesFactuality ? Pointwise(JudgeAxis.Factuality)
            : Enumerable.Repeat((double?)0.0, Candidates.Count).ToArray();
        var seeded = Enumerable.Range(0, Candidates.Count).Where(i => _level[i] is not null).ToArray();
        _rng.Shuffle(seeded);
        var levels = new List<(double Level, List<int> Members)>();
        foreach (int i in seeded)
        {
            int at = levels.FindIndex(l => Math.Abs(l.Level - _level[i]!.Value) <= LevelTolerance);
            if (at < 0) levels.Add((_level[i]!.Value, [i]));
            else levels[at].Members.Add(i);
        }
        _brackets = levels.OrderByDescending(l => l.Level).Select(l => (new Knockout(l.Members, forBest: true, Meet), (Knockout?)null, l.Level)).ToList();
        StartWorstBrackets();
    }

    /// <summary>The worst's bracket of a level starts once its best bracket's first round is settled.</summary>
    private void StartWorstBrackets()
    {
        if (!_needsWorst) return;
        for (int i = 0; i < _brackets.Count; i++)
        {
            var (best, worst, level) = _brackets[i];
            if (worst is not null || best.FirstRound.Any(m => !m.IsSettled)) continue;
            // A level of one is its own best and worst.
            var entrants = best.Entrants.Count == 1 ? best.Entrants.ToList() : best.FirstRound.Where(m => !m.IsVoid).Select(m => m.Loser!.Value).ToList();
            if (best.FirstBye is int bye) entrants.Add(bye);
            _brackets[i] = (best, new Knockout(entrants, forBest: false, Meet), level);
        }
    }

    private Match Meet(int a, int b)
    {
        var key = (Math.Min(a, b), Math.Max(a, b));
        if (_matches.TryGetValue(key, out var existing)) return existing;
        bool aFirst = _settings.Order switch
        {
            PairOrder.Fixed => a < b,
            PairOrder.Random or PairOrder.Both => _rng.NextInt(0, 2) == 0,
            _ => throw new ArgumentOutOfRangeException(nameof(_settings), _settings.Order, "unknown pair order"),
        };
        var match = new Match(a, b, aFirst, bothOrders: _settings.Order == PairOrder.Both, _settings.CloseMargin);
        _matches[key] = match;
        _matchOrder.Add(match);
        return match;
    }

    /// <summary>The requests of every unsettled match that has nothing in flight, in the order the matches were made.</summary>
    private IReadOnlyList<JudgeRequest> Ask()
    {
        var requests = new List<JudgeRequest>();
        foreach (var match in _matchOrder)
            foreach (var (first, second) in match.Asks())
            {
                _outstanding.Add((match, first));
                requests.Add(new QualityRequest(_prefix, Candidates[first].Text, Candidates[second].Text));
            }
        return requests;
    }

    /// <summary>Moves every bracket, then the phase, as far as the settled matches allow; false once there is nothing left to ask.</summary>
    private bool Advance()
    {
        switch (_phase)
        {
            case Phase.Brackets:
            {
                foreach (var (best, worst, _) in _brackets)
                {
                    best.Advance();
                    worst?.Advance();
                }
                StartWorstBrackets();
                if (_brackets.All(b => b.Best.IsDone && (!_needsWorst || b.Worst is { IsDone: true }))) StartAcrossLevels();
                return true;
            }
            case Phase.AcrossLevels:
                foreach (var (incumbent, challenger, forBest) in Challenges())
                    if (Meet(incumbent, challenger) is { IsVoid: false } match && (forBest ? match.Winner == challenger : match.Loser == challenger))
                        _overturned.Add(new Challenge(incumbent, challenger, forBest));
                StartBetween(incumbentPass: true);
                return true;
            case Phase.BetweenIncumbent:
                StartBetween(incumbentPass: false);
                return true;
            case Phase.BetweenChallenger:
                Finish();
                return false;
            default:
                return false;
        }
    }

    private (int Candidate, double Level)[] Champions => _brackets.Where(b => b.Best.Result is not null).Select(b => (b.Best.Result!.Value, b.Level)).ToArray();

    private (int Candidate, double Level)[] Bottoms => _brackets.Where(b => b.Worst?.Result is not null).Select(b => (b.Worst!.Result!.Value, b.Level)).ToArray();

    /// <summary>Each lower champion that the pointwise gap does not rule out meets the top champion (and likewise for the worst).</summary>
    private void StartAcrossLevels()
    {
        _phase = Phase.AcrossLevels;
        foreach (var (incumbent, challenger, _) in Challenges()) Meet(incumbent, challenger);
    }

    private IEnumerable<(int Incumbent, int Challenger, bool ForBest)> Challenges()
    {
        // Levels are in descending order, so the first champion is the top level's and the last bottom the bottom level's.
        var champions = Champions;
        if (champions.Length > 0)
            foreach (var (candidate, level) in champions.Skip(1))
                if (champions[0].Level - level < 1 - LevelTolerance) yield return (champions[0].Candidate, candidate, true);
        var bottoms = _needsWorst ? Bottoms : [];
        if (bottoms.Length > 0)
            foreach (var (candidate, level) in bottoms.Take(bottoms.Length - 1))
                if (level - bottoms[^1].Level < 1 - LevelTolerance) yield return (bottoms[^1].Candidate, candidate, false);
    }

    /// <summary>
    /// A challenger that won its match (for the best) or lost it (for the worst) may still have the lesser r; what
    /// decides is q(higher) − q(lower), which only the candidates between the two in quality make larger than the one
    /// match they played. The incumbent meets every candidate whose relation to both is not yet known (the first pass),
    /// then the challenger meets those the first pass left open (the second).
    /// </summary>
    private void StartBetween(bool incumbentPass)
    {
        _phase = incumbentPass ? Phase.BetweenIncumbent : Phase.BetweenChallenger;
        var above = Above();
        foreach (var challenge in _overturned)
            for (int e = 0; e < Candidates.Count; e++)
            {
                if (e == challenge.Incumbent || e == challenge.Challenger) continue;
                if (Share(challenge.Higher, e, above) is not null && Share(challenge.Lower, e, above) is not null) continue;
                int asks = incumbentPass ? challenge.Incumbent : challenge.Challenger;
                if (Share(asks, e, above) is null) Meet(asks, e);
            }
    }

    /// <summary>
    /// x's share against e as all pairs would count it: the settled match's, else 1 or 0 where a chain of decisive
    /// wins says which is better (exact under a consistent judge); null when unknown.
    /// </summary>
    private double? Share(int x, int e, bool[,] above)
    {
        if (_matches.TryGetValue((Math.Min(x, e), Math.Max(x, e)), out var match) && match.IsSettled && !match.IsVoid) return match.ShareOf(x);
        return above[x, e] ? 1 : above[e, x] ? 0 : null;
    }

    /// <summary>above[x, y]: a chain of settled matches, each won by more than half the share, leads from x down to y.</summary>
    private bool[,] Above()
    {
        int n = Candidates.Count;
        var above = new bool[n, n];
        foreach (var m in _matches.Values)
            if (m is { IsSettled: true, ShareOfA: double share } && Math.Abs(share - 0.5) > PreferenceSelector.TieTolerance)
                if (share > 0.5) above[m.A, m.B] = true; else above[m.B, m.A] = true;
        for (int k = 0; k < n; k++)
            for (int i = 0; i < n; i++)
                if (above[i, k])
                    for (int j = 0; j < n; j++)
                        if (above[k, j]) above[i, j] = true;
        return above;
    }

    private void Finish()
    {
        _phase = Phase.Done;
        var champions = Champions;
        var bottoms = Bottoms;
        var above = Above();
        if (champions.Length > 0) _best = Decide(champions[0].Candidate, forBest: true, above);
        if (_needsWorst && bottoms.Length > 0) _worst = Decide(bottoms[^1].Candidate, forBest: false, above);
        // All tied: one level, and every match of its best bracket (a spanning tree of the level) a tie.
        _allTied = _brackets.Count == 1 && _brackets[0].Best.Played.Count > 0
            && _brackets[0].Best.Played.All(m => m.ShareOfA is double s && Math.Abs(s - 0.5) <= PreferenceSelector.TieTolerance);
    }

    /// <summary>
    /// The incumbent, or whichever overturning challenger has the better (for the worst: the lesser) r, with
    /// r(challenger) − r(incumbent) = ±(q(higher) − q(lower)) − (p(incumbent) − p(challenger)) for the best, and
    /// likewise for the worst; a tie at the top goes to a coin.
    /// </summary>
    private int Decide(int incumbent, bool forBest, bool[,] above)
    {
        var gains = new List<(int Candidate, double Gain)> { (incumbent, 0) };
        foreach (var c in _overturned.Where(c => c.ForBest == forBest))
        {
            double qGap = QualityGap(c.Higher, c.Lower, above);
            double pGap = _level[c.Challenger]!.Value - _level[c.Incumbent]!.Value;
            // For the best the challenger is the higher one; for the worst, the lower one, and a lower r is the gain.
            gains.Add((c.Challenger, forBest ? qGap + pGap : qGap - pGap));
        }
        double top = gains.Max(g => g.Gain);
        var tied = gains.Where(g => Math.Abs(g.Gain - top) <= PreferenceSelector.TieTolerance).ToArray();
        return tied.Length == 1 ? tied[0].Candidate : tied[_rng.NextInt(0, tied.Length)].Candidate;
    }

    /// <summary>q(higher) − q(lower) over the whole pool, from settled and inferred shares (pairs still unknown count 0).</summary>
    private double QualityGap(int higher, int lower, bool[,] above)
    {
        double sum = (Share(higher, lower, above) ?? 0.5) - (Share(lower, higher, above) ?? 0.5);
        for (int e = 0; e < Candidates.Count; e++)
            if (e != higher && e != lower && Share(higher, e, above) is double h && Share(lower, e, above) is double l) sum += h - l;
        return sum / (Candidates.Count - 1);
    }
}

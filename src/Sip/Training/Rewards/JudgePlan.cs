using Sip.Teacher;

namespace Sip.Training.Rewards;

/// <summary>
/// Every judge request one prefix needs under all pairs or the pivot, asked in one round, with the bookkeeping that
/// maps each answer back to its candidates. Plans are data: a trainer builds one per prefix of a batch, sends all their
/// requests to the judge at once (<see cref="JudgeRounds"/>), and each plan aggregates its share of the answers
/// (<see cref="RewardAggregator.Aggregate"/>).
/// </summary>
/// <remarks>
/// Nothing is deduplicated: two candidates with the same text are still judged separately (and are not assumed to tie),
/// so each candidate's reward comes from its own verdicts. Repeated requests are cheap anyway: the judge's cache layer
/// answers an identical request (same rendered prompt, model and sampling settings) without calling the model.
/// </remarks>
public sealed class JudgePlan : IRewardPlan
{
    private IReadOnlyList<Judgment>? _answers;
    private bool _asked;

    private JudgePlan(string prefix, string? reference, IReadOnlyList<Candidate> candidates, RewardSettings settings, int? pivot, IReadOnlyList<PlannedRequest> planned)
    {
        Prefix = prefix;
        Reference = reference;
        Candidates = candidates;
        Settings = settings;
        PivotIndex = pivot;
        Planned = planned;
        Requests = planned.Select(p => p.Request).ToArray();
    }

    public string Prefix { get; }

    /// <summary>The original suffix text, the factuality reference; null when the caller had none.</summary>
    public string? Reference { get; }

    /// <summary>The pool, in the order the caller gave; every index in <see cref="Planned"/> points into it.</summary>
    public IReadOnlyList<Candidate> Candidates { get; }

    public RewardSettings Settings { get; }

    /// <summary>Pool index of the original suffix in <see cref="QualityComparison.Pivot"/> mode; null otherwise.</summary>
    public int? PivotIndex { get; }

    /// <summary>The requests with the candidates they concern, in the order of <see cref="Requests"/>.</summary>
    public IReadOnlyList<PlannedRequest> Planned { get; }

    /// <summary>What to send to the judge, in order: safety per candidate, then factuality per candidate, then quality pairs.</summary>
    public IReadOnlyList<JudgeRequest> Requests { get; }

    /// <summary>The whole plan on the first call, nothing after it.</summary>
    public IReadOnlyList<JudgeRequest> NextRound()
    {
        if (_asked) return [];
        _asked = true;
        if (Requests.Count == 0) _answers = [];
        return Requests;
    }

    public void Receive(IReadOnlyList<Judgment> answers) => _answers = answers;

    /// <exception cref="InvalidOperationException">The plan's round has not been answered yet.</exception>
    public PrefixRewards Rewards() =>
        RewardAggregator.Aggregate(this, _answers ?? throw new InvalidOperationException("the plan's requests have not been answered"));

    /// <summary>
    /// Plans the requests for one prefix. Quality pairs come in pool order: (0,1), (0,2), ..., (1,2), ... for all pairs;
    /// for the pivot, one pair per other candidate in pool order. With <see cref="PairOrder.Random"/>, one coin per pair
    /// is drawn from <paramref name="rng"/> in that order (no draws otherwise), so a plan is reproducible from the
    /// generator's state.
    /// </summary>
    /// <param name="prefix">The prefix text every candidate continues.</param>
    /// <param name="reference">The original suffix text; required for <see cref="RewardSetting.QualityFactuality"/>.</param>
    /// <param name="candidates">The pool.</param>
    /// <param name="settings">Which axes, which pairs, which order.</param>
    /// <param name="rng">Coins for <see cref="PairOrder.Random"/>.</param>
    /// <exception cref="SipInputException">The settings cannot work with this pool (pivot without a suffix, factuality without a reference).</exception>
    public static JudgePlan Build(string prefix, string? reference, IReadOnlyList<Candidate> candidates, RewardSettings settings, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(rng);
        var pool = candidates.ToArray();

        int[] suffixes = Enumerable.Range(0, pool.Length).Where(i => pool[i].Kind == CandidateKind.Suffix).ToArray();
        string? problem = settings.ValidatePool(suffixInPool: suffixes.Length > 0, referenceAvailable: reference is not null).FirstOrDefault();
        if (problem is not null) throw Bad(problem);
        int? pivot = null;
        if (settings.Comparison == QualityComparison.BestWorst)
            throw new ArgumentException("bestWorst is judged in rounds by BestWorstPlan, not in one round", nameof(settings));
        if (settings.Comparison == QualityComparison.Pivot)
        {
            if (suffixes.Length > 1) throw Bad($"comparison: pivot needs exactly one original suffix in the pool, found {suffixes.Length}");
            pivot = suffixes[0];
        }

        var planned = PointwiseRequests(prefix, reference, pool, settings);
        foreach (var (a, b) in QualityPairs(pool.Length, pivot))
            foreach (var (first, second) in Orders(a, b, settings.Order, rng))
                planned.Add(new PlannedRequest(new QualityRequest(prefix, pool[first].Text, pool[second].Text), JudgeAxis.Quality, first, second));

        return new JudgePlan(prefix, reference, pool, settings, pivot, planned);
    }

    /// <summary>The unordered pairs to compare, each as (lower index, higher index).</summary>
    private static IEnumerable<(int A, int B)> QualityPairs(int count, int? pivot)
    {
        if (pivot is int p)
        {
            for (int i = 0; i < count; i++)
                if (i != p) yield return (Math.Min(i, p), Math.Max(i, p));
            yield break;
        }
        for (int a = 0; a < count; a++)
            for (int b = a + 1; b < count; b++)
                yield return (a, b);
    }

    private static IEnumerable<(int First, int Second)> Orders(int a, int b, PairOrder order, Rng rng)
    {
        switch (order)
        {
            case PairOrder.Fixed:
                yield return (a, b);
                break;
            case PairOrder.Random:
                yield return rng.NextInt(0, 2) == 0 ? (a, b) : (b, a);
                break;
            case PairOrder.Both:
                yield return (a, b);
                yield return (b, a);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(order), order, "unknown pair order");
        }
    }

    /// <summary>The setting's pointwise requests, in pool order: safety per candidate, then factuality per candidate.</summary>
    internal static List<PlannedRequest> PointwiseRequests(string prefix, string? reference, IReadOnlyList<Candidate> pool, RewardSettings settings)
    {
        var planned = new List<PlannedRequest>();
        if (settings.JudgesSafety)
            for (int i = 0; i < pool.Count; i++)
                planned.Add(new PlannedRequest(new SafetyRequest(pool[i].Text), JudgeAxis.Safety, i));
        if (settings.JudgesFactuality)
            for (int i = 0; i < pool.Count; i++)
                planned.Add(new PlannedRequest(new FactualityRequest(prefix, reference!, pool[i].Text), JudgeAxis.Factuality, i));
        return planned;
    }

    // ValidatePool speaks in "camelProp: reason"; split it so the exception names the setting as its location.
    internal static SipInputException Bad(string problem)
    {
        int colon = problem.IndexOf(": ", StringComparison.Ordinal);
        return new SipInputException(problem[..colon], null, problem[(colon + 2)..]);
    }
}

using Sip.Metrics;
using Sip.Teacher;

namespace Sip.Training.Rewards;

/// <summary>
/// What a step's selections say about the emergent curriculum and the judge (paper §5: "log per step rollout/suffix/
/// rewrite chosen rates, tie/skip rate, mean reward"). Every figure covers the step's prefixes only, not the run.
/// A rate or mean with nothing to average (every prefix skipped; no rejected candidates under RF-NLL) is null and
/// left out of <see cref="ToMetrics"/>, so a dashboard shows a gap rather than a made-up 0.
/// </summary>
public sealed record StepStatistics
{
    public int Prefixes { get; init; }

    public int SkippedAllTie { get; init; }

    public int SkippedTooFewValid { get; init; }

    public int InvalidSamples { get; init; }

    public int InvalidPairs { get; init; }

    /// <summary>Per kind, the fraction of prefixes with a chosen candidate whose chosen is of that kind; empty when none.</summary>
    public IReadOnlyDictionary<CandidateKind, double> ChosenRates { get; init; } = new Dictionary<CandidateKind, double>();

    /// <summary>Per kind, the fraction of prefixes with a rejected candidate whose rejected is of that kind; empty when none.</summary>
    public IReadOnlyDictionary<CandidateKind, double> RejectedRates { get; init; } = new Dictionary<CandidateKind, double>();

    public double? MeanChosenReward { get; init; }

    public double? MeanRejectedReward { get; init; }

    public double? MeanMargin { get; init; }

    /// <summary>Mean token count of the chosen candidates (judges can favour length; compare with the rejected).</summary>
    public double? MeanChosenLength { get; init; }

    public double? MeanRejectedLength { get; init; }

    /// <summary>The brackets' counts summed over the step's prefixes; null unless the plan was best-and-worst.</summary>
    public BestWorst.BracketReport? Brackets { get; init; }

    /// <summary>Summarizes one step's selections (one per prefix), from <see cref="PreferenceSelector"/>.</summary>
    public static StepStatistics Of(IReadOnlyList<Selection> selections)
    {
        ArgumentNullException.ThrowIfNull(selections);
        var chosen = selections.Where(s => s.Chosen is not null).Select(s => s.Chosen!).ToArray();
        var rejected = selections.Where(s => s.Rejected is not null).Select(s => s.Rejected!).ToArray();
        var pairs = selections.Select(s => s.Pair).OfType<PreferencePair>().ToArray();
        return new StepStatistics
        {
            Prefixes = selections.Count,
            SkippedAllTie = selections.Count(s => s.Skipped == SkipReason.AllTied),
            SkippedTooFewValid = selections.Count(s => s.Skipped == SkipReason.TooFewValid),
            InvalidSamples = selections.Sum(s => s.Rewards.InvalidSamples),
            InvalidPairs = selections.Sum(s => s.Rewards.InvalidPairs),
            ChosenRates = Rates(chosen),
            RejectedRates = Rates(rejected),
            MeanChosenReward = MeanOrNull(chosen.Select(c => c.Total!.Value)),
            MeanRejectedReward = MeanOrNull(rejected.Select(c => c.Total!.Value)),
            MeanMargin = MeanOrNull(pairs.Select(p => p.Margin)),
            MeanChosenLength = MeanOrNull(chosen.Select(c => (double)c.Candidate.Tokens.Length)),
            MeanRejectedLength = MeanOrNull(rejected.Select(c => (double)c.Candidate.Tokens.Length)),
            Brackets = SumBrackets(selections.Select(s => s.Rewards.Bracket).OfType<BestWorst.BracketReport>().ToArray()),
        };
    }

    /// <summary>The statistics under their <see cref="Sip.Metrics.MetricNames"/>; undefined rates and means are left out.</summary>
    public IReadOnlyDictionary<string, double> ToMetrics()
    {
        var metrics = new Dictionary<string, double>
        {
            [MetricNames.SkippedAllTie] = SkippedAllTie,
            [MetricNames.SkippedTooFewValid] = SkippedTooFewValid,
            [MetricNames.JudgeInvalidSamples] = InvalidSamples,
            [MetricNames.JudgeInvalidPairs] = InvalidPairs,
        };
        AddRates(metrics, ChosenRates, MetricNames.ChosenSuffix, MetricNames.ChosenRewrite, MetricNames.ChosenRollout);
        AddRates(metrics, RejectedRates, MetricNames.RejectedSuffix, MetricNames.RejectedRewrite, MetricNames.RejectedRollout);
        Add(metrics, MetricNames.ScoresChosen, MeanChosenReward);
        Add(metrics, MetricNames.ScoresRejected, MeanRejectedReward);
        Add(metrics, MetricNames.ScoresMargins, MeanMargin);
        Add(metrics, MetricNames.LengthsChosen, MeanChosenLength);
        Add(metrics, MetricNames.LengthsRejected, MeanRejectedLength);
        if (Brackets is { } b)
        {
            metrics[MetricNames.BracketMatches] = b.Matches;
            metrics[MetricNames.BracketRejudged] = b.Rejudged;
            metrics[MetricNames.BracketCoinDecisions] = b.CoinDecided;
            metrics[MetricNames.BracketVoidMatches] = b.VoidMatches;
            metrics[MetricNames.BracketSingleSampleDecisions] = b.SingleSampleDecisions;
            metrics[MetricNames.BracketOverturns] = b.Overturns;
        }
        return metrics;
    }

    private static BestWorst.BracketReport? SumBrackets(BestWorst.BracketReport[] reports) => reports.Length == 0 ? null
        : new BestWorst.BracketReport(null, null, false)
        {
            Matches = reports.Sum(r => r.Matches),
            Rejudged = reports.Sum(r => r.Rejudged),
            CoinDecided = reports.Sum(r => r.CoinDecided),
            VoidMatches = reports.Sum(r => r.VoidMatches),
            SingleSampleDecisions = reports.Sum(r => r.SingleSampleDecisions),
            Overturns = reports.Sum(r => r.Overturns),
        };

    private static IReadOnlyDictionary<CandidateKind, double> Rates(CandidateRewards[] picked) =>
        picked.Length == 0
            ? new Dictionary<CandidateKind, double>()
            : Enum.GetValues<CandidateKind>().ToDictionary(kind => kind, kind => picked.Count(c => c.Candidate.Kind == kind) / (double)picked.Length);

    private static double? MeanOrNull(IEnumerable<double> values)
    {
        var list = values.ToArray();
        return list.Length > 0 ? list.Average() : null;
    }

    private static void AddRates(Dictionary<string, double> metrics, IReadOnlyDictionary<CandidateKind, double> rates, string suffix, string rewrite, string rollout)
    {
        if (rates.Count == 0) return;
        metrics[suffix] = rates[CandidateKind.Suffix];
        metrics[rewrite] = rates[CandidateKind.Rewrite];
        metrics[rollout] = rates[CandidateKind.Rollout];
    }

    private static void Add(Dictionary<string, double> metrics, string name, double? value)
    {
        if (value is double v) metrics[name] = v;
    }
}

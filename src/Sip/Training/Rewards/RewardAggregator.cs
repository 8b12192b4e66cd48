using Sip.Teacher;

namespace Sip.Training.Rewards;

/// <summary>Turns a plan's judgments into rewards per candidate (paper §4). Pure.</summary>
public static class RewardAggregator
{
    /// <summary>
    /// Rewards for the plan's pool from the judge's answers to <see cref="JudgePlan.Requests"/> (same order).
    /// <list type="bullet">
    /// <item>Safety s and factuality f: the mean over valid samples (s = share of "safe").</item>
    /// <item>Quality, per pair: A's win share is the mean over valid samples of the score seen from A (a sample where A
    /// was Option 2 counts 1 − score). With both orders asked, a pair whose two orders' majorities name different
    /// winners is a tie, 0.5 each; if one order has no valid sample the other decides alone. A pair with no valid
    /// sample is left out of both candidates' means and counted invalid.</item>
    /// <item>q(c) = mean of c's win shares over its valid pairs. In pivot mode every other candidate has a single
    /// comparison (with the pivot), and the pivot's own q is the mean of its win shares over all its comparisons.</item>
    /// <item>r = q, q + s or f + q; null when any of them is null.</item>
    /// </list>
    /// </summary>
    /// <exception cref="ArgumentException">The answers do not match the plan's requests, or a score is outside [0, 1].</exception>
    public static PrefixRewards Aggregate(JudgePlan plan, IReadOnlyList<Judgment> answers)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(answers);
        CheckAnswers(plan, answers);

        int n = plan.Candidates.Count;
        var safety = new List<double>[n];
        var factuality = new List<double>[n];
        for (int i = 0; i < n; i++) { safety[i] = []; factuality[i] = []; }
        // Per unordered pair, one list of A-perspective valid scores per order asked, in plan order.
        var pairOrders = new Dictionary<(int A, int B), List<List<double>>>();
        var pairOrder = new List<(int A, int B)>();
        int invalidSamples = 0;

        for (int k = 0; k < answers.Count; k++)
        {
            var planned = plan.Planned[k];
            var judgment = answers[k];
            invalidSamples += judgment.InvalidCount;
            switch (planned.Axis)
            {
                case JudgeAxis.Safety:
                    safety[planned.First].AddRange(judgment.Valid);
                    break;
                case JudgeAxis.Factuality:
                    factuality[planned.First].AddRange(judgment.Valid);
                    break;
                case JudgeAxis.Quality:
                    int first = planned.First, second = planned.Second!.Value;
                    var key = (Math.Min(first, second), Math.Max(first, second));
                    if (!pairOrders.TryGetValue(key, out var orders))
                    {
                        pairOrders[key] = orders = [];
                        pairOrder.Add(key);
                    }
                    // The score says whether Option 1 won; seen from A it is the score when A was Option 1, else its complement.
                    orders.Add(judgment.Valid.Select(score => first == key.Item1 ? score : 1 - score).ToList());
                    break;
            }
        }

        var verdicts = pairOrder.Select(key => Combine(key.A, key.B, pairOrders[key])).ToArray();
        var candidates = new CandidateRewards[n];
        for (int i = 0; i < n; i++)
        {
            var mine = verdicts.Where(v => v.A == i || v.B == i).ToArray();
            double[] shares = mine.Where(v => v.IsValid).Select(v => v.WinShareOf(i)!.Value).ToArray();
            double? quality = shares.Length > 0 ? shares.Average() : null;
            double? safe = plan.Settings.JudgesSafety ? MeanOrNull(safety[i]) : null;
            double? factual = plan.Settings.JudgesFactuality ? MeanOrNull(factuality[i]) : null;
            candidates[i] = new CandidateRewards(i, plan.Candidates[i], quality, safe, factual, Total(plan.Settings.Setting, quality, safe, factual))
            {
                ValidComparisons = shares.Length,
                InvalidComparisons = mine.Length - shares.Length,
            };
        }
        return new PrefixRewards(candidates, verdicts, invalidSamples);
    }

    private static PairVerdict Combine(int a, int b, List<List<double>> orders)
    {
        var (share, disagree) = CombineOrders(orders);
        return new PairVerdict(a, b, share, orders.Sum(o => o.Count), disagree);
    }

    /// <summary>
    /// A pair's win share from its orders' valid scores (each seen from the same candidate): their mean, or 0.5 when two
    /// answered orders' majorities name different winners; null when no sample is valid. The best-and-worst plan's
    /// matches combine their orders by this rule too.
    /// </summary>
    internal static (double? Share, bool OrdersDisagree) CombineOrders(IReadOnlyList<IReadOnlyList<double>> orders)
    {
        var answered = orders.Where(o => o.Count > 0).ToArray();
        if (answered.Length == 0) return (null, false);
        bool disagree = answered.Length == 2 && Math.Sign(answered[0].Average() - 0.5) * Math.Sign(answered[1].Average() - 0.5) < 0;
        return (disagree ? 0.5 : answered.SelectMany(o => o).Average(), disagree);
    }

    private static double? Total(RewardSetting setting, double? quality, double? safety, double? factuality) => setting switch
    {
        RewardSetting.Quality => quality,
        RewardSetting.QualitySafety => quality + safety,
        RewardSetting.QualityFactuality => factuality + quality,
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, "unknown reward setting"),
    };

    private static double? MeanOrNull(List<double> values) => values.Count > 0 ? values.Average() : null;

    private static void CheckAnswers(JudgePlan plan, IReadOnlyList<Judgment> answers)
    {
        if (answers.Count != plan.Requests.Count)
            throw new ArgumentException($"{answers.Count} answers for a plan of {plan.Requests.Count} requests", nameof(answers));
        for (int k = 0; k < answers.Count; k++)
        {
            if (!Equals(answers[k].Request, plan.Requests[k]))
                throw new ArgumentException($"answer {k} is for a different request than the plan's request {k} ({plan.Planned[k].Axis})", nameof(answers));
            foreach (double score in answers[k].Valid)
                if (!(score >= 0 && score <= 1))
                    throw new ArgumentException($"answer {k} ({plan.Planned[k].Axis}) has score {score}, outside [0, 1]", nameof(answers));
        }
    }
}

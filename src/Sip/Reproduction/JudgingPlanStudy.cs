using Sip.Data;
using Sip.Data.Documents;
using Sip.Data.Splitting;
using Sip.Model;
using Sip.Model.Generation;
using Sip.Teacher;
using Sip.Training;
using Sip.Training.Rewards;
using Sip.Training.Running;
using Sip.Training.SelfImproving;
using Sip.World.Oracle;
using static TorchSharp.torch;

namespace Sip.Reproduction;

/// <summary>A judge's noise, position bias and samples per request, as the oracle judge simulates them.</summary>
public sealed record JudgeCondition(double Noise, double PositionBias, int Samples)
{
    public string Label => $"noise {Noise:0.##}, bias {PositionBias:0.##}, S={Samples}";

    /// <summary>The grid: noise 0, 0.1, 0.2 and position bias 0.1, each at one and at five samples.</summary>
    public static IReadOnlyList<JudgeCondition> Grid { get; } =
        [.. new[] { 1, 5 }.SelectMany(s => new[] { new JudgeCondition(0, 0, s), new(0.1, 0, s), new(0.2, 0, s), new(0, 0.1, s) })];
}

/// <summary>How one judging plan did under one judge condition, against all pairs on the very same pools.</summary>
/// <param name="Condition">The judge.</param>
/// <param name="Plan">The plan.</param>
/// <param name="Prefixes">Pools judged.</param>
/// <param name="CallsPerPrefix">Quality and pointwise judge calls per prefix.</param>
/// <param name="RoundsPerBatch">Batches sent per step of prefixes (latency is paid per round).</param>
/// <param name="Agreement">Share of prefixes, among those both plans train on, whose (chosen, rejected) all pairs would also choose (any of its tied best and worst).</param>
/// <param name="Accuracy">Share of prefixes the plan trains on whose chosen is truly best and rejected truly worst: by r from the oracle's own comparisons (ties a half) and pointwise scores, without noise, bias or coins.</param>
/// <param name="Skipped">Prefixes the plan skipped (all tied or too few valid).</param>
/// <param name="Brackets">The bracket's counts summed over the pools (best-and-worst only).</param>
public sealed record PlanAgreement(JudgeCondition Condition, QualityComparison Plan, int Prefixes, double CallsPerPrefix, double RoundsPerBatch,
    double? Agreement, double? Accuracy, int Skipped, Training.Rewards.BestWorst.BracketReport? Brackets)
{
    /// <summary>A bracket count per prefix; null for the other plans.</summary>
    public double? PerPrefix(Func<Training.Rewards.BestWorst.BracketReport, int> count) => Brackets is { } b ? count(b) / (double)Prefixes : null;
}

/// <summary>
/// Compares the judging plans (all pairs, pivot, best-and-worst) on real pools: the base model's rollouts for the
/// reproduction's prefixes, judged by TinyWorld's oracle under each <see cref="JudgeCondition"/>. No training: it asks
/// how many calls each plan makes and how often it picks what all pairs would, with the same judge on the same pools.
/// </summary>
public static class JudgingPlanStudy
{
    public static readonly QualityComparison[] Plans = [QualityComparison.AllPairs, QualityComparison.Pivot, QualityComparison.BestWorst];

    /// <summary>The paper's headline pool: suffix + 16 rollouts (Table 1).</summary>
    public const int Rollouts = 16;

    /// <summary>The study as a report section: one row per judge condition and plan.</summary>
    public static string Markdown(IReadOnlyList<PlanAgreement> rows)
    {
        var md = new System.Text.StringBuilder();
        md.AppendLine($"## Judging plans at K = {Rollouts}");
        md.AppendLine();
        md.AppendLine($"On the base model's pools (suffix + {Rollouts} rollouts, {rows.FirstOrDefault()?.Prefixes ?? 0} prefixes), safety + quality, the oracle at each noise, " +
            "position bias and samples per call. *= all pairs*: the plan's (chosen, rejected) is one all pairs would pick with the same judge on the same pool. " +
            "*Truly best and worst*: by the oracle's honest comparisons and scores (no noise, bias or coins). Counts are per prefix. The trained runs are in the tables above.");
        md.AppendLine();
        md.AppendLine("| judge | plan | calls | rounds/step | = all pairs | truly best and worst | re-judged | overturns | coins | single-sample decisions |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine(System.FormattableString.Invariant(
                $"| {r.Condition.Label} | {r.Plan} | {r.CallsPerPrefix:F1} | {r.RoundsPerBatch:F1} | {Percent(r.Agreement)} | {Percent(r.Accuracy)} | {Count(r.PerPrefix(b => b.Rejudged))} | {Count(r.PerPrefix(b => b.Overturns))} | {Count(r.PerPrefix(b => b.CoinDecided))} | {Count(r.PerPrefix(b => b.SingleSampleDecisions))} |"));
        return md.ToString();
    }

    private static string Percent(double? share) => share is double v ? System.FormattableString.Invariant($"{100 * v:F1}%") : "";

    private static string Count(double? value) => value is double v ? System.FormattableString.Invariant($"{v:F2}") : "";

    /// <summary>Suffix + <paramref name="rollouts"/> rollouts for the first <paramref name="prefixes"/> samples of the stream, from <paramref name="checkpoint"/>.</summary>
    public static IReadOnlyList<CandidatePool> Pools(string checkpoint, DataSettings data, int rollouts, int prefixes, long seed, int batch = 16)
    {
        var (model, tokenizer) = StartingPolicy.Load(null, checkpoint, "", new LlamaConfig(), seed);
        using var _ = model;
        using var generator = new Generator((ulong)seed + 1);
        var source = DocumentSource.Open(data.Train, data.SourceSettings);
        using var stream = new SampleStream(source, tokenizer, data.Split(model.Config.MaxSeqLen), SampleStreamState.Start(new Rng((ulong)seed)), epochs: null);
        var builder = new CandidatePoolBuilder(tokenizer, new CandidatePoolSettings { Suffix = true, Rollouts = rollouts }, data.SuffixTokens, new SamplingSettings());
        var pools = new List<CandidatePool>();
        while (pools.Count < prefixes)
            pools.AddRange(builder.Build(stream.Take(Math.Min(batch, prefixes - pools.Count)), model, generator, null));
        return pools;
    }

    /// <summary>Every plan under every condition, on <paramref name="pools"/>, judged in steps of <paramref name="batch"/> prefixes.</summary>
    public static IReadOnlyList<PlanAgreement> Compare(IReadOnlyList<CandidatePool> pools, string world, RewardSetting setting,
        IReadOnlyList<JudgeCondition> conditions, long seed, int batch = 16)
    {
        var results = new List<PlanAgreement>();
        var truth = TrueRewards(pools, world, setting);
        foreach (var condition in conditions)
        {
            var judge = TinyWorldTeacher.Load(world, new OracleJudgeSettings
            {
                Noise = condition.Noise, PositionBias = condition.PositionBias, Samples = condition.Samples, Seed = (ulong)seed,
            }).Judge;
            var allPairs = Judge(pools, judge, setting, QualityComparison.AllPairs, seed, batch);
            foreach (var plan in Plans)
            {
                var judged = plan == QualityComparison.AllPairs ? allPairs : Judge(pools, judge, setting, plan, seed, batch);
                results.Add(new PlanAgreement(condition, plan, pools.Count, judged.Calls / (double)pools.Count, judged.Rounds / (double)judged.Batches,
                    Agreement(judged.Selections, allPairs.Selections), Accuracy(judged.Selections, truth),
                    judged.Selections.Count(s => s.IsSkipped), StepStatistics.Of(judged.Selections).Brackets));
            }
        }
        return results;
    }

    private sealed record Judged(IReadOnlyList<Selection> Selections, long Calls, long Rounds, int Batches);

    private static Judged Judge(IReadOnlyList<CandidatePool> pools, IJudge judge, RewardSetting setting, QualityComparison plan, long seed, int batch)
    {
        var settings = new RewardSettings { Setting = setting, Comparison = plan };
        var selections = new List<Selection>();
        long calls = 0, rounds = 0;
        int batches = 0;
        for (int start = 0; start < pools.Count; start += batch, batches++)
        {
            var step = pools.Skip(start).Take(batch).ToArray();
            var order = StepRandom.For(seed, batches + 1, StepPhase.PairOrder);
            var plans = step.Select(p => RewardPlans.For(p.Sample.PrefixText, p.Sample.SuffixText, p.Candidates, settings, needsWorst: true, order)).ToArray();
            var judged = TeacherCalls.Run(() => JudgeRounds.RunAsync(judge, plans));
            var tieBreak = StepRandom.For(seed, batches + 1, StepPhase.TieBreak);
            selections.AddRange(judged.Rewards.Select(r => PreferenceSelector.SelectPair(r, tieBreak)));
            calls += judged.Answers.Count;
            rounds += judged.Rounds;
        }
        return new Judged(selections, calls, rounds, batches);
    }

    /// <summary>Each pool's true r: q over all pairs from the oracle's honest comparison (a tie is a half), plus its honest pointwise score.</summary>
    private static double[][] TrueRewards(IReadOnlyList<CandidatePool> pools, string world, RewardSetting setting)
    {
        var verdicts = new OracleVerdicts(TinyWorldTeacher.Load(world).Analyzer);
        return pools.Select(pool =>
        {
            string prefix = pool.Sample.PrefixText;
            var texts = pool.Candidates.Select(c => c.Text).ToArray();
            return texts.Select((text, i) =>
            {
                double q = texts.Select((other, j) => j == i ? 0 : Math.Sign(verdicts.CompareQuality(prefix, text, other)) * 0.5 + 0.5).Sum() - 0.5;
                q /= texts.Length - 1;
                return setting switch
                {
                    RewardSetting.QualitySafety => q + verdicts.Safety(text),
                    RewardSetting.QualityFactuality => q + verdicts.Factuality(prefix, pool.Sample.SuffixText, text),
                    _ => q,
                };
            }).ToArray();
        }).ToArray();
    }

    /// <summary>Among prefixes the plan trains on and whose truth is not all tied: chosen truly best and rejected truly worst.</summary>
    private static double? Accuracy(IReadOnlyList<Selection> plan, double[][] truth)
    {
        int counted = 0, right = 0;
        for (int i = 0; i < plan.Count; i++)
        {
            if (plan[i].Pair is null) continue;
            double max = truth[i].Max(), min = truth[i].Min();
            if (max - min <= PreferenceSelector.TieTolerance) continue;
            counted++;
            if (Math.Abs(truth[i][plan[i].Chosen!.PoolIndex] - max) <= PreferenceSelector.TieTolerance
                && Math.Abs(truth[i][plan[i].Rejected!.PoolIndex] - min) <= PreferenceSelector.TieTolerance) right++;
        }
        return counted == 0 ? null : right / (double)counted;
    }

    /// <summary>Among prefixes both train on: the plan's chosen is one of all pairs' best and its rejected one of all pairs' worst.</summary>
    private static double? Agreement(IReadOnlyList<Selection> plan, IReadOnlyList<Selection> reference)
    {
        int both = 0, agree = 0;
        for (int i = 0; i < plan.Count; i++)
        {
            if (plan[i].Pair is null || reference[i].Pair is null) continue;
            both++;
            var totals = reference[i].Rewards.Candidates;
            bool AtEnd(int index, double end) => totals[index].Total is double t && Math.Abs(t - end) <= PreferenceSelector.TieTolerance;
            if (AtEnd(plan[i].Chosen!.PoolIndex, reference[i].Chosen!.Total!.Value) && AtEnd(plan[i].Rejected!.PoolIndex, reference[i].Rejected!.Total!.Value)) agree++;
        }
        return both == 0 ? null : agree / (double)both;
    }
}

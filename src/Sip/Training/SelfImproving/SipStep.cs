using Sip.Metrics;
using System.Diagnostics;
using Sip.Data;
using Sip.Model;
using Sip.Teacher;
using Sip.Training.Objectives;
using Sip.Training.Rewards;
using static TorchSharp.torch;

namespace Sip.Training.SelfImproving;

/// <summary>
/// One self-improving step for a batch of samples (paper §3-§5): gather the candidate pools, judge them, turn the
/// judgments into rewards and a choice per prefix, and accumulate the objective's gradient. The optimizer step itself
/// stays with the caller. Judge-free methods (NTP and the baselines) skip the judge.
/// </summary>
public sealed class SipStep(SipSettings settings, ITokenizer tokenizer, IJudge? judge, IRewriter? rewriter)
{
    private readonly CandidatePoolBuilder _pools = new(tokenizer, settings.EffectivePool, settings.Data.SuffixTokens, settings.Rollout);

    /// <summary>Everything of a step up to its update: pools built, judge requests sent (the answers may still be on the way).</summary>
    public sealed class Pending
    {
        internal Pending(IReadOnlyList<CandidatePool> pools, Task<JudgedPlans>? judged, TimeSpan rolloutTime)
        {
            Pools = pools;
            Judged = judged;
            RolloutTime = rolloutTime;
        }

        public IReadOnlyList<CandidatePool> Pools { get; }
        internal Task<JudgedPlans>? Judged { get; }
        internal TimeSpan RolloutTime { get; }
    }

    /// <summary>A whole synchronous, on-policy step: <see cref="Prepare"/> then <see cref="Complete"/>.</summary>
    public SipStepOutcome Run(IReadOnlyList<Sample> samples, PolicyUpdater updater, LlamaModel? reference,
        Generator rolloutGenerator, Rng pairOrder, Rng tieBreak, CancellationToken cancellation) =>
        Complete(Prepare(samples, updater.Compute, rolloutGenerator, pairOrder, cancellation), updater, reference, tieBreak);

    /// <summary>
    /// Builds the pools (rewrites and rollouts from <paramref name="policy"/>) and sends every judge request of the batch
    /// without waiting for the answers, so a slow remote judge can work while the caller updates on an earlier batch.
    /// <paramref name="pairOrder"/> is the step's stream for the order each judged pair is shown in (<see cref="StepPhase.PairOrder"/>).
    /// </summary>
    public Pending Prepare(IReadOnlyList<Sample> samples, LlamaModel policy, Generator rolloutGenerator, Rng pairOrder,
        CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var pools = _pools.Build(samples, policy, rolloutGenerator, rewriter, cancellation);
        var rolloutTime = clock.Elapsed;
        if (!settings.Needs.Judge) return new Pending(pools, null, rolloutTime);
        if (judge is null) throw new InvalidOperationException($"method {settings.Method} needs a judge");
        bool needsWorst = settings.Method == Method.Dpo;
        var plans = pools.Select(p => RewardPlans.For(p.Sample.PrefixText, p.Sample.SuffixText, p.Candidates, settings.Rewards, needsWorst, pairOrder)).ToList();
        var judged = TeacherCalls.Start(() => JudgeRounds.RunAsync(judge, plans, cancellation));
        return new Pending(pools, judged, rolloutTime);
    }

    /// <summary>
    /// Waits for the judge, turns answers into rewards and choices (ties broken from <paramref name="tieBreak"/>, the
    /// step's <see cref="StepPhase.TieBreak"/> stream), and accumulates the objective's gradient.
    /// </summary>
    public SipStepOutcome Complete(Pending pending, PolicyUpdater updater, LlamaModel? reference, Rng tieBreak)
    {
        var metrics = new Dictionary<string, double>();
        var counters = SipStepCounters.None with { RewriteFailures = pending.Pools.Count(p => p.RewriteFailed) };
        var clock = Stopwatch.StartNew();
        IReadOnlyList<Selection> selections = [];
        if (pending.Judged is not null)
        {
            var judged = pending.Judged.GetAwaiter().GetResult();
            var answers = judged.Answers;
            selections = judged.Rewards.Select(rewards =>
                settings.Method == Method.Dpo ? PreferenceSelector.SelectPair(rewards, tieBreak) : PreferenceSelector.SelectBest(rewards, tieBreak)).ToList();
            var statistics = StepStatistics.Of(selections);
            counters = counters with { JudgeCalls = answers.Count, JudgeSamples = answers.Sum(a => a.Samples.Count), InvalidSamples = statistics.InvalidSamples };
            metrics[MetricNames.JudgeCalls] = counters.JudgeCalls;
            metrics[MetricNames.JudgeSamples] = counters.JudgeSamples;
            metrics[MetricNames.JudgeLatencyMs] = answers.Count == 0 ? 0 : answers.Average(a => a.Latency.TotalMilliseconds);
            metrics[MetricNames.JudgeRounds] = judged.Rounds;
            foreach (var (name, value) in statistics.ToMetrics()) metrics[name] = value;
            // How good the policy's own samples are, whichever candidate wins: the signal that it is improving.
            foreach (var (kind, name) in new[] { (CandidateKind.Rollout, MetricNames.ScoresRollouts), (CandidateKind.Suffix, MetricNames.ScoresSuffix) })
            {
                var totals = selections.SelectMany(x => x.Rewards.Candidates).Where(c => c.Candidate.Kind == kind && c.Total is not null).Select(c => c.Total!.Value).ToList();
                if (totals.Count > 0) metrics[name] = totals.Average();
            }
        }
        var judgeTime = clock.Elapsed;

        clock.Restart();
        updater.Compute.train();
        double loss = Update(pending.Pools, selections, updater, reference, metrics);
        var updateTime = clock.Elapsed;

        metrics[MetricNames.RewriteFailures] = counters.RewriteFailures;
        metrics[MetricNames.TimeRolloutSeconds] = pending.RolloutTime.TotalSeconds;
        metrics[MetricNames.TimeJudgeSeconds] = judgeTime.TotalSeconds;
        metrics[MetricNames.TimeUpdateSeconds] = updateTime.TotalSeconds;
        return new SipStepOutcome(pending.Pools, selections, loss, counters, metrics, pending.RolloutTime, judgeTime, updateTime);
    }

    /// <summary>
    /// Accumulates the method's gradient. Each pool is one group: its sample's context (BOS + prefix, built once per
    /// sample) followed by the continuations the method learns from, so the update encodes each prefix once.
    /// </summary>
    private double Update(IReadOnlyList<CandidatePool> pools, IReadOnlyList<Selection> selections, PolicyUpdater updater,
        LlamaModel? reference, Dictionary<string, double> metrics)
    {
        static ContinuationSequence Learn(CandidatePool pool, Candidate candidate) => new(pool.Sample.Context, candidate.Tokens);

        switch (settings.Method)
        {
            case Method.Ntp:
                return Nll(pools.Select(p => Learn(p, p.Find(CandidateKind.Suffix)!)).ToList(), continuationOnly: settings.NtpLoss == LossSpan.Suffix);
            case Method.SftRewrite:
            case Method.SftRollout:
            {
                var kind = settings.Method == Method.SftRewrite ? CandidateKind.Rewrite : CandidateKind.Rollout;
                var learned = pools.Select(p => (Pool: p, Candidate: p.Find(kind))).Where(x => x.Candidate is not null);
                return Nll(learned.Select(x => Learn(x.Pool, x.Candidate!)).ToList(), continuationOnly: true);
            }
            case Method.RfNll:
                return Nll(pools.Zip(selections).Where(x => x.Second.Chosen is not null).Select(x => Learn(x.First, x.Second.Chosen!.Candidate)).ToList(), continuationOnly: true);
            case Method.Dpo:
            case Method.DpoRewrite:
            {
                var pairs = settings.Method == Method.Dpo
                    ? pools.Zip(selections).Where(x => x.Second.Pair is not null)
                        .Select(x => new PreferenceContinuations(x.First.Sample.Context, x.Second.Pair!.Chosen.Tokens, x.Second.Pair!.Rejected.Tokens)).ToList()
                    : pools.Where(p => p.Find(CandidateKind.Rewrite) is not null)
                        .Select(p => new PreferenceContinuations(p.Sample.Context, p.Find(CandidateKind.Rewrite)!.Tokens, p.Find(CandidateKind.Rollout)!.Tokens)).ToList();
                var stats = ObjectiveSteps.Dpo(updater, reference!, pairs, settings.Dpo, settings.MicroBatch, tokenizer.PadId);
                metrics[MetricNames.DpoPairs] = stats.Pairs;
                if (stats.Pairs > 0)
                {
                    metrics[MetricNames.RewardsAccuracies] = stats.Accuracy;
                    metrics[MetricNames.LogpsChosen] = stats.ChosenLogProb;
                    metrics[MetricNames.LogpsRejected] = stats.RejectedLogProb;
                    metrics[MetricNames.RewardsChosen] = stats.ChosenReward;
                    metrics[MetricNames.RewardsRejected] = stats.RejectedReward;
                    metrics[MetricNames.RewardsMargins] = stats.ChosenReward - stats.RejectedReward;
                    metrics[MetricNames.Kl] = stats.KlEstimate;
                }
                return stats.Loss;
            }
            default:
                throw new NotSupportedException($"method {settings.Method}");
        }

        double Nll(IReadOnlyList<ContinuationSequence> sequences, bool continuationOnly) =>
            ObjectiveSteps.Nll(updater, sequences, continuationOnly, settings.MicroBatch, tokenizer.PadId).Loss;
    }
}

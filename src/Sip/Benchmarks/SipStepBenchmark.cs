using System.Diagnostics;
using Sip.Data;
using Sip.Model;
using Sip.Training;
using Sip.Training.Objectives;
using Sip.Training.Optimization;
using Sip.Training.SelfImproving;
using TorchSharp;
using static TorchSharp.torch;

namespace Sip.Benchmarks;

/// <summary>
/// One SIP step as the self-improving-step issue specifies its benchmark: 16 prefixes of 96 tokens, suffix + K = 8
/// rollouts of N = 32 tokens, an instant judge, online DPO. Reports the time of each phase and the step's ratio to its
/// FLOP floor: the same work counted as model FLOPs, done at the measured matmul peak.
/// </summary>
public static class SipStepBenchmark
{
    /// <param name="RolloutSeconds">prefill and K·N sampled tokens per prefix</param>
    /// <param name="JudgeSeconds">the instant judge's share (the step's own bookkeeping)</param>
    /// <param name="UpdateSeconds">DPO forward and backward of policy and reference, and the optimizer step</param>
    /// <param name="StepSeconds">the whole step</param>
    /// <param name="FloorSeconds">the step's work counted the conventional way (every chosen and rejected sequence
    /// forward and backward in full), at the measured peak: the FLOP floor</param>
    /// <param name="ExecutedFloorSeconds">the FLOPs sip actually issues, at the peak: the update encodes each prefix once
    /// for its chosen and rejected, and projects only continuation tokens to the vocabulary</param>
    public sealed record Figures(double RolloutSeconds, double JudgeSeconds, double UpdateSeconds, double StepSeconds, double FloorSeconds, double ExecutedFloorSeconds)
    {
        public double FloorRatio => StepSeconds / FloorSeconds;
        public double ExecutedRatio => StepSeconds / ExecutedFloorSeconds;
    }

    public static Figures Measure(LlamaConfig model, double peakGflops, Precision precision,
        int prefixes = 16, int prefixTokens = 96, int rollouts = 8, int newTokens = 32, int steps = 5, int warmupSteps = 5)
    {
        var config = model with { MaxSeqLen = Math.Max(model.MaxSeqLen, prefixTokens + newTokens + 1) };
        var tokenizer = new SyntheticTokenizer(config.VocabSize);
        var settings = new SipSettings
        {
            Method = Method.Dpo, Tokenizer = "synthetic", Model = config, MicroBatch = 2 * prefixes,
            Data = new DataSettings { Train = "synthetic", SuffixTokens = newTokens, MinPrefixTokens = 1 },
            Pool = new CandidatePoolSettings { Suffix = true, Rollouts = rollouts },
        };
        using var policy = new LlamaModel(config);
        policy.Initialize(1);
        using var updater = new PolicyUpdater(policy, new OptimSettings { Lr = 1e-5 }, warmupSteps + steps + 1, precision);
        using var reference = new LlamaModel(config);
        reference.Initialize(1);
        reference.to(updater.Compute.DType); // as SipTrainer does: the reference computes in the policy's dtype
        reference.eval();
        var step = new SipStep(settings, tokenizer, new InstantJudge(), null);
        var rng = new Rng(9);
        using var generator = new Generator(9);

        var phases = new List<(double Rollout, double Judge, double Update, double Total)>();
        for (int i = 0; i < warmupSteps + steps; i++)
        {
            var samples = Enumerable.Range(0, prefixes).Select(p =>
            {
                var prefix = Enumerable.Range(0, prefixTokens).Select(_ => rng.NextInt(3, config.VocabSize)).ToArray();
                var suffix = Enumerable.Range(0, newTokens).Select(_ => rng.NextInt(3, config.VocabSize)).ToArray();
                return Sample.Of($"bench-{p}", tokenizer.BosId, prefix, suffix, tokenizer.Decode(prefix), tokenizer.Decode(suffix));
            }).ToList();
            var clock = Stopwatch.StartNew();
            var outcome = step.Run(samples, updater, reference, generator, StepRandom.For(9, i, StepPhase.PairOrder), StepRandom.For(9, i, StepPhase.TieBreak), CancellationToken.None);
            var optimizer = Stopwatch.StartNew();
            updater.Step(i);
            double total = clock.Elapsed.TotalSeconds;
            // Warm-up steps are not timed: besides libtorch's first-call costs, .NET's tiered JIT recompiles the hot paths
            // on the machine's other core during the first steps (on the 2-core machine the update took 255-376 ms in
            // the first five steps, 240-260 ms after). A training run's steps are the steady ones.
            if (i >= warmupSteps)
                phases.Add((outcome.RolloutTime.TotalSeconds, outcome.JudgeTime.TotalSeconds, outcome.UpdateTime.TotalSeconds + optimizer.Elapsed.TotalSeconds, total));
        }

        // FLOP floor: prefill every prefix once, decode K·N tokens per prefix, then forward+backward of the policy and
        // a forward of the reference over the chosen and rejected sequences (2 per prefix, prefix + N tokens each).
        int sequenceLength = prefixTokens + newTokens + 1;
        double rolloutFlops = prefixes * (prefixTokens + 1) * ModelFlops.ForwardPerToken(config, prefixTokens + 1)
            + prefixes * rollouts * newTokens * ModelFlops.ForwardPerToken(config, sequenceLength);
        double updateFlops = 2.0 * prefixes * sequenceLength * (ModelFlops.TrainingPerToken(config, sequenceLength) + ModelFlops.ForwardPerToken(config, sequenceLength));
        double floor = (rolloutFlops + updateFlops) / (peakGflops * 1e9);
        // Executed: the prefix (BOS + prefix, less its last token) once per pair, then 2 rows of N tokens that reach the
        // vocabulary; policy forward and backward, reference forward (a third of it).
        int prefixPass = prefixTokens, continuationPass = 2 * newTokens;
        double executedUpdate = 4.0 / 3.0 * prefixes * (prefixPass * ModelFlops.TrainingPerTokenWithoutHead(config, prefixPass)
            + continuationPass * ModelFlops.TrainingPerToken(config, sequenceLength));
        double executed = (rolloutFlops + executedUpdate) / (peakGflops * 1e9);
        return new Figures(phases.Average(p => p.Rollout), phases.Average(p => p.Judge), phases.Average(p => p.Update), phases.Average(p => p.Total), floor, executed);
    }
}

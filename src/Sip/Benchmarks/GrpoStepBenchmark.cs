using System.Diagnostics;
using Sip.Model;
using Sip.Training;
using Sip.Training.Grpo;
using Sip.Training.Optimization;
using static TorchSharp.torch;

namespace Sip.Benchmarks;

/// <summary>
/// One GRPO step in the form of the SIP step's benchmark: 16 prompts of 96 tokens, G = 8 completions of N = 32 tokens
/// each through the shared-prefix fan-out, an instant reward, one on-policy update. Reports each phase and the step's
/// ratio to its FLOP floor: the same work counted as model FLOPs, at the measured matmul peak.
/// </summary>
public static class GrpoStepBenchmark
{
    /// <param name="RolloutSeconds">prefill and G·N sampled tokens per prompt</param>
    /// <param name="UpdateSeconds">forward and backward over every completion, and the optimizer step</param>
    /// <param name="StepSeconds">the whole step</param>
    /// <param name="FloorSeconds">the step counted the conventional way (each of the G sequences of every prompt
    /// forward and backward in full) at the peak</param>
    /// <param name="ExecutedFloorSeconds">the FLOPs sip issues at the peak: each prompt encoded once for its G completions</param>
    public sealed record Figures(double RolloutSeconds, double UpdateSeconds, double StepSeconds, double FloorSeconds, double ExecutedFloorSeconds)
    {
        public double FloorRatio => StepSeconds / FloorSeconds;
        public double ExecutedRatio => StepSeconds / ExecutedFloorSeconds;
    }

    public static Figures Measure(LlamaConfig model, double peakGflops, Precision precision,
        int prompts = 16, int promptTokens = 96, int group = 8, int newTokens = 32, int steps = 5, int warmupSteps = 5)
    {
        var config = model with { MaxSeqLen = Math.Max(model.MaxSeqLen, promptTokens + newTokens + 1) };
        var tokenizer = new SyntheticTokenizer(config.VocabSize);
        var settings = new GrpoSettings { Tokenizer = "synthetic", Model = config, Group = group, PromptsPerStep = prompts, MaxCompletionTokens = newTokens, MicroBatch = group * prompts };
        using var policy = new LlamaModel(config);
        policy.Initialize(1);
        using var updater = new PolicyUpdater(policy, new OptimSettings { Lr = 1e-5 }, warmupSteps + steps + 1, precision);
        var rng = new Rng(9);
        var task = new RandomRewardTask(new Rng(10));
        var step = new GrpoStep(settings, task, tokenizer);
        using var generator = new Generator(9);

        var phases = new List<(double Rollout, double Update, double Total)>();
        for (int i = 0; i < warmupSteps + steps; i++)
        {
            var batchPrompts = Enumerable.Range(0, prompts)
                .Select(p => new GrpoPrompt($"bench-{p}", [tokenizer.BosId, .. Enumerable.Range(0, promptTokens).Select(_ => rng.NextInt(3, config.VocabSize))]))
                .ToList();
            var clock = Stopwatch.StartNew();
            using var batch = step.Sample(batchPrompts, updater.Compute, generator, out double rolloutSeconds);
            var update = Stopwatch.StartNew();
            step.Update(batch, updater, reference: null, iteration: 0);
            updater.Step(i);
            // Warm-up steps are not timed (libtorch's first calls, .NET's tiered JIT), as in the SIP step's benchmark.
            if (i >= warmupSteps) phases.Add((rolloutSeconds, update.Elapsed.TotalSeconds, clock.Elapsed.TotalSeconds));
        }

        int sequenceLength = promptTokens + newTokens + 1;
        double rolloutFlops = prompts * (promptTokens + 1) * ModelFlops.ForwardPerToken(config, promptTokens + 1)
            + prompts * group * newTokens * ModelFlops.ForwardPerToken(config, sequenceLength);
        double updateFlops = (double)prompts * group * sequenceLength * ModelFlops.TrainingPerToken(config, sequenceLength);
        double floor = (rolloutFlops + updateFlops) / (peakGflops * 1e9);
        // Executed: the prompt (less its last token) once per group without the vocabulary projection, then G rows of N
        // tokens that reach it; forward and backward.
        double executedUpdate = prompts * (promptTokens * ModelFlops.TrainingPerTokenWithoutHead(config, promptTokens)
            + group * newTokens * ModelFlops.TrainingPerToken(config, sequenceLength));
        double executed = (rolloutFlops + executedUpdate) / (peakGflops * 1e9);
        return new Figures(phases.Average(p => p.Rollout), phases.Average(p => p.Update), phases.Average(p => p.Total), floor, executed);
    }

    /// <summary>Rewards drawn at random, so every group has advantages to learn from and the update does its full work.</summary>
    private sealed class RandomRewardTask(Rng rng) : IGrpoTask
    {
        public string Name => "random";
        public string Describe => "random rewards";
        public IReadOnlyList<GrpoPrompt> Prompts => [];
        public int? StopToken => null;

        public IReadOnlyList<CompletionReward> Score(IReadOnlyList<GrpoCompletion> completions) =>
            completions.Select(_ => new CompletionReward(rng.NextDouble())).ToList();
    }
}

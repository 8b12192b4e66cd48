using System.Diagnostics;
using Sip.Model;
using Sip.Model.Generation;
using Sip.Training;
using Sip.Training.Optimization;
using static TorchSharp.torch;

namespace Sip.Benchmarks;

/// <summary>Throughput measurements for <c>sip bench</c>. Each returns figures; the CLI prints them. Never used by tests for timing.</summary>
public static class Benchmarks
{
    /// <summary>Sustained GFLOP/s of an n×n matmul in <paramref name="dtype"/>: the machine's peak for this library.</summary>
    public static double MatmulPeakGflops(ScalarType dtype, double seconds, int n = 2048)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n).to(dtype);
        var b = randn(n, n).to(dtype);
        var c = empty(n, n, dtype: dtype);
        for (int i = 0; i < 2; i++) mm_out(a, b, c); // warm-up: thread pools, kernel selection
        int runs = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds || runs < 3)
        {
            mm_out(a, b, c);
            runs++;
        }
        return 2.0 * n * n * n * runs / clock.Elapsed.TotalSeconds / 1e9;
    }

    private static void mm_out(Tensor a, Tensor b, Tensor c)
    {
        // In a scope: the product and copy_'s returned wrapper are released here, not left to the finalizer thread.
        using var scope = NewDisposeScope();
        c.copy_(a.mm(b));
    }

    public sealed record TrainingFigures(Precision Precision, double TokensPerSecond, double FlopsPerToken, double Gflops);

    /// <summary>NTP training steps on random tokens: forward, backward, clipping and AdamW, as the trainer runs them.</summary>
    public static TrainingFigures Training(BenchSettings s, Precision precision)
    {
        using var model = new LlamaModel(s.Model);
        model.Initialize(1);
        using var updater = new PolicyUpdater(model, new OptimSettings { Lr = 1e-4, WarmupSteps = 0 }, s.TrainSteps + 1, precision);
        var generator = new Generator(3);
        // libtorch's first steps in a process are several times slower (first-touch page faults, kernel selection):
        // warm up, then report the median step so one noisy step on a shared machine does not move the figure.
        const int warmup = 3;
        var seconds = new List<double>();
        for (int step = 0; step < warmup + s.TrainSteps; step++)
        {
            using var scope = NewDisposeScope();
            var sequence = randint(1, s.Model.VocabSize, [s.BatchSize, s.SeqLen + 1], generator: generator);
            var clock = Stopwatch.StartNew();
            var logits = updater.Compute.forward(sequence.narrow(1, 0, s.SeqLen));
            var loss = nn.functional.cross_entropy(logits.to(ScalarType.Float32).view(-1, s.Model.VocabSize), sequence.narrow(1, 1, s.SeqLen).reshape(-1));
            updater.Backward(loss);
            updater.Step(step);
            if (step >= warmup) seconds.Add(clock.Elapsed.TotalSeconds);
        }
        seconds.Sort();
        double median = seconds[seconds.Count / 2];
        double perSecond = (double)s.BatchSize * s.SeqLen / median;
        double flops = ModelFlops.TrainingPerToken(s.Model, s.SeqLen);
        return new TrainingFigures(precision, perSecond, flops, perSecond * flops / 1e9);
    }

    public sealed record SamplingFigures(bool Cached, int Rows, double Seconds, double TokensPerSecond);

    /// <summary>K rollouts of N new tokens for each prompt, all rows together, with or without the KV cache.</summary>
    public static SamplingFigures Sampling(BenchSettings s, bool useCache, ScalarType dtype = ScalarType.Float32)
    {
        using var model = new LlamaModel(s.Model);
        model.Initialize(1);
        if (dtype != ScalarType.Float32) TorchSharp.ModuleExtensionMethods.to(model, dtype);
        model.eval();
        var rng = new Rng(11);
        var prompts = Enumerable.Range(0, s.Prompts)
            .Select(_ => Enumerable.Range(0, s.PromptTokens).Select(_ => rng.NextInt(1, s.Model.VocabSize)).ToArray()).ToList();
        // Warm-up, so one-time costs (first-touch page faults, kernel selection) do not count.
        TextGenerator.Generate(model, prompts, s.Rollouts, useCache ? s.NewTokens : 4, new SamplingSettings(), new Generator(1), useCache: useCache);
        var clock = Stopwatch.StartNew();
        var result = TextGenerator.Generate(model, prompts, s.Rollouts, s.NewTokens, new SamplingSettings(), new Generator(2), useCache: useCache);
        double seconds = clock.Elapsed.TotalSeconds;
        long produced = result.Sum(c => c.Tokens.Length);
        return new SamplingFigures(useCache, result.Count, seconds, produced / seconds);
    }
}

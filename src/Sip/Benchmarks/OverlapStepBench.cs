using System.Text.Json;
using Sip.Data.Tokenization;
using Sip.Metrics;
using Sip.Model;
using Sip.Teacher;
using Sip.Training;
using Sip.Training.Objectives;
using Sip.Training.Optimization;
using Sip.Training.SelfImproving;
using Sip.World;

namespace Sip.Benchmarks;

/// <summary>
/// The SIP training the judge benchmarks time against a judge, with <see cref="SipSettings.Overlap"/> on and off: a
/// small TinyWorld (seed 3, 300 documents) and a 512-token BPE learned on it, a 4-layer d = 128 policy trained by
/// online DPO on 8 prefixes a step, each with its suffix and K = 4 rollouts of 16 tokens, quality judged over all pairs
/// (one random order each: 80 calls a step).
/// </summary>
public sealed class OverlapStepBench
{
    private OverlapStepBench(string root, string world, string tokenizer, IReadOnlyList<string> texts)
    {
        Root = root;
        World = world;
        Tokenizer = tokenizer;
        Texts = texts;
    }

    /// <summary>Where the world, the tokenizer and every run live.</summary>
    public string Root { get; }

    /// <summary>The TinyWorld folder (its oracle, its corpus).</summary>
    public string World { get; }

    /// <summary>The policy's tokenizer file.</summary>
    public string Tokenizer { get; }

    /// <summary>The world's training documents, as text.</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>Generates the world and learns the tokenizer under <paramref name="root"/>.</summary>
    public static OverlapStepBench Prepare(string root)
    {
        string world = Path.Combine(root, "world");
        TinyWorld.Generate(new WorldSettings { Seed = 3, TrainDocuments = 300, ValDocuments = 10, EvalStandard = 5, EvalUnsafe = 5, EvalFacts = 5 }, world);
        var texts = File.ReadLines(Path.Combine(world, TinyWorld.TrainFile)).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToList();
        string tokenizer = Path.Combine(root, "tokenizer.json");
        BpeTrainer.Train(texts, new BpeTrainerOptions { VocabSize = 512 }).Save(tokenizer);
        return new OverlapStepBench(root, world, tokenizer, texts);
    }

    /// <summary><paramref name="steps"/> SIP steps judged by <paramref name="judge"/> in a fresh run folder <paramref name="name"/>; each step's metrics.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> Run(string name, IJudge judge, int steps, bool overlap)
    {
        var settings = new SipSettings
        {
            Tokenizer = Tokenizer, Method = Method.Dpo, Steps = steps, BatchSize = 8, MicroBatch = 16, CheckpointEvery = 1000, Seed = 3, Overlap = overlap,
            Model = new LlamaConfig { Dim = 128, Layers = 4, Heads = 4, KvHeads = 4, HiddenDim = 384, MaxSeqLen = 96 },
            Optim = new OptimSettings { Lr = 1e-3, WarmupSteps = 1 },
            Data = new DataSettings { Train = Path.Combine(World, TinyWorld.TrainFile), SuffixTokens = 16, MinPrefixTokens = 16 },
            Pool = new CandidatePoolSettings { Suffix = true, Rollouts = 4 },
            Out = Path.Combine(Root, name),
        };
        // A run left by an earlier measurement would resume, finished, with no steps to time.
        if (Directory.Exists(settings.Out)) Directory.Delete(settings.Out, recursive: true);
        return SipTrainer.Run(settings, judge, null, new NullSink()).StepMetrics;
    }

    /// <summary>The policy's share of a run that did not overlap: each step less its judging, the first step (start-up) left out.</summary>
    public static double PolicySeconds(IReadOnlyList<IReadOnlyDictionary<string, double>> steps) =>
        steps.Skip(1).Average(m => m[MetricNames.TimeStepSeconds] - m[MetricNames.TimeJudgeSeconds]);

    /// <summary>The judge's share of a run that did not overlap: its judging per step, the first step left out.</summary>
    public static double JudgeSeconds(IReadOnlyList<IReadOnlyDictionary<string, double>> steps) =>
        steps.Skip(1).Average(m => m[MetricNames.TimeJudgeSeconds]);

    /// <summary>
    /// An overlapped run's steady step and judge calls per step: the first step waits for its own judge (nothing was
    /// sent ahead) and the last sends nothing ahead, so the steps between are the steady state.
    /// </summary>
    public static (double StepSeconds, int JudgeCalls) Steady(IReadOnlyList<IReadOnlyDictionary<string, double>> steps)
    {
        var steady = steps.Skip(1).SkipLast(1).ToList();
        return (steady.Average(m => m[MetricNames.TimeStepSeconds]), (int)steady.Average(m => m[MetricNames.JudgeCalls]));
    }

    private sealed class NullSink : IMetricsSink
    {
        public void Write(long step, IReadOnlyDictionary<string, double> scalars) { }
        public void Flush() { }
        public void Dispose() { }
    }
}

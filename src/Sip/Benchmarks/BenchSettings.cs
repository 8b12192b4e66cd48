using System.ComponentModel;
using Sip.Model;

namespace Sip.Benchmarks;

/// <summary>Settings of <c>sip bench</c>. Defaults are the foundation issue's reference model (d=256, 4 layers, 4k vocabulary, context 256).</summary>
public sealed record BenchSettings : Sip.Settings.ISettingsValidation
{
    public LlamaConfig Model { get; init; } = new() { VocabSize = 4096, Dim = 256, Layers = 4, Heads = 4, KvHeads = 4, MaxSeqLen = 256 };

    [Description("Sequences per training step.")]
    public int BatchSize { get; init; } = 8;

    [Description("Tokens per training sequence.")]
    public int SeqLen { get; init; } = 256;

    [Description("Timed training steps per precision (after three warm-up steps); the median is reported.")]
    public int TrainSteps { get; init; } = 6;

    [Description("Prompts sampled together in the rollout benchmark.")]
    public int Prompts { get; init; } = 4;

    [Description("K: rollouts per prompt.")]
    public int Rollouts { get; init; } = 8;

    [Description("Prompt length in tokens for the rollout benchmark.")]
    public int PromptTokens { get; init; } = 16;

    [Description("N: new tokens per rollout.")]
    public int NewTokens { get; init; } = 128;

    [Description("Seconds spent measuring each matmul peak.")]
    public double PeakSeconds { get; init; } = 2;

    [Description("CPU threads for libtorch; 0 keeps its default.")]
    public int Threads { get; init; }

    public IEnumerable<string> Validate()
    {
        if (BatchSize < 1 || SeqLen < 2 || TrainSteps < 1) yield return "batchSize, seqLen, trainSteps: must be positive (seqLen at least 2)";
        if (SeqLen > Model.MaxSeqLen) yield return $"seqLen: must fit model.maxSeqLen ({Model.MaxSeqLen}), got {SeqLen}";
        if (Prompts < 1 || Rollouts < 1 || PromptTokens < 1 || NewTokens < 1) yield return "prompts, rollouts, promptTokens, newTokens: must be positive";
        if (PromptTokens + NewTokens > Model.MaxSeqLen) yield return $"promptTokens + newTokens: must fit model.maxSeqLen ({Model.MaxSeqLen})";
        if (Model.VocabSize < 2) yield return "model: vocabSize must be set for a benchmark";
    }
}

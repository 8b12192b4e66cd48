using System.ComponentModel;
using Sip.Model;
using Sip.Training.Optimization;

namespace Sip.Training.Pretraining;

/// <summary>Everything a standard (next-token) pretraining run needs. Saved, resolved, beside every checkpoint.</summary>
public sealed record PretrainSettings : Sip.Settings.ISettingsValidation, Running.IRunSettings
{
    [Description("Tokenizer: a tokenizer.json file or folder, or \"gpt2\". Ignored when resuming (the checkpoint's is used).")]
    public string Tokenizer { get; init; } = "";

    [Description("Run folder: checkpoints, metrics and resolved settings go here. A run with checkpoints resumes.")]
    public string Out { get; init; } = "runs/pretrain";

    public LlamaConfig Model { get; init; } = new();
    public OptimSettings Optim { get; init; } = new();
    public DataSettings Data { get; init; } = new();

    [Description("Optimizer steps in the whole run (the cosine schedule spans them).")]
    public int Steps { get; init; } = 1000;

    [Description("Samples per optimizer step (as in sip train, where a step's prefixes are its batch).")]
    public int BatchSize { get; init; } = 8;

    [Description("Samples per forward/backward pass; a step's gradients accumulate over its passes (every token weighs the same).")]
    public int MicroBatch { get; init; } = 8;

    [Description("Loss over all tokens after BOS, or over the suffix only.")]
    public LossSpan Loss { get; init; } = LossSpan.All;

    [Description("fp32, or bf16 forward/backward with fp32 master weights.")]
    public Precision Precision { get; init; } = Precision.Fp32;

    [Description("Seed of the weight initialisation and of the document splits.")]
    public long Seed { get; init; } = 1;

    [Description("Save a checkpoint every this many steps (and at the end).")]
    public int CheckpointEvery { get; init; } = 200;

    [Description("Checkpoints kept; older ones are deleted after a newer one is complete.")]
    public int KeepCheckpoints { get; init; } = 2;

    [Description("Measure validation loss every this many steps (and at the end); 0 only at the end.")]
    public int EvalEvery { get; init; } = 100;

    [Description("Held-out samples in each validation measurement.")]
    public int EvalSamples { get; init; } = 64;

    [Description("Write training metrics every this many steps.")]
    public int LogEvery { get; init; } = 10;

    [Description("CPU threads for libtorch; 0 keeps its default.")]
    public int Threads { get; init; }

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Out)) yield return "out: must name a run folder";
        if (Steps < 1) yield return $"steps: must be positive, got {Steps}";
        if (BatchSize < 1) yield return $"batchSize: must be positive, got {BatchSize}";
        if (MicroBatch < 1) yield return $"microBatch: must be positive, got {MicroBatch}";
        if (CheckpointEvery < 1) yield return $"checkpointEvery: must be positive, got {CheckpointEvery}";
        if (KeepCheckpoints < 1) yield return $"keepCheckpoints: must be positive, got {KeepCheckpoints}";
        if (EvalEvery < 0) yield return $"evalEvery: must be 0 or more, got {EvalEvery}";
        if (EvalSamples < 1) yield return $"evalSamples: must be positive, got {EvalSamples}";
        if (LogEvery < 1) yield return $"logEvery: must be positive, got {LogEvery}";
        if (Threads < 0) yield return $"threads: must be 0 or more, got {Threads}";
        if (Data.SuffixTokens + Data.MinPrefixTokens + 1 > Model.MaxSeqLen)
            yield return $"model: maxSeqLen ({Model.MaxSeqLen}) cannot hold BOS + data.minPrefixTokens ({Data.MinPrefixTokens}) + data.suffixTokens ({Data.SuffixTokens})";
    }
}

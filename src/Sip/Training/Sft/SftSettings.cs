using System.ComponentModel;
using Sip.Training.Optimization;

namespace Sip.Training.Sft;

/// <summary>
/// A supervised fine-tuning run: a starting checkpoint, and NLL on the answer tokens of (prompt, answer) examples.
/// Names follow TRL's SFTConfig where it has one (completion-only loss is its default for prompt-completion data).
/// Saved, resolved, beside every checkpoint.
/// </summary>
public sealed record SftSettings : Sip.Settings.ISettingsValidation, Running.IRunSettings
{
    [Description("The checkpoint or run folder to fine-tune (its tokenizer encodes the examples).")]
    public string Init { get; init; } = "";

    [Description("Run folder: checkpoints, metrics and resolved settings. A run with checkpoints resumes.")]
    public string Out { get; init; } = "runs/sft";

    public OptimSettings Optim { get; init; } = new() { Lr = 3e-4, WarmupSteps = 20, WeightDecay = 0 };

    [Description("Optimizer steps in the whole run (the cosine schedule spans them).")]
    public int Steps { get; init; } = 400;

    [Description("Examples per optimizer step.")]
    public int BatchSize { get; init; } = 16;

    [Description("Examples per forward/backward pass; a step's examples are grouped by prompt length first, so passes carry little padding.")]
    public int MicroBatch { get; init; } = 16;

    [Description("fp32, or bf16 forward/backward with fp32 master weights.")]
    public Precision Precision { get; init; } = Precision.Fp32;

    [Description("Seed of the example order.")]
    public long Seed { get; init; } = 1;

    [Description("Measure the validation loss every this many steps (and at the end); 0 only at the end.")]
    public int EvalEvery { get; init; } = 100;

    [Description("Save a checkpoint every this many steps (and at the end).")]
    public int CheckpointEvery { get; init; } = 100;

    [Description("Checkpoints kept.")]
    public int KeepCheckpoints { get; init; } = 2;

    [Description("Write metrics every this many steps.")]
    public int LogEvery { get; init; } = 10;

    [Description("CPU threads for libtorch; 0 keeps its default.")]
    public int Threads { get; init; }

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Init)) yield return "init: SFT starts from a checkpoint";
        if (string.IsNullOrWhiteSpace(Out)) yield return "out: must name a run folder";
        if (Steps < 1) yield return $"steps: must be positive, got {Steps}";
        if (BatchSize < 1) yield return $"batchSize: must be positive, got {BatchSize}";
        if (MicroBatch < 1) yield return $"microBatch: must be positive, got {MicroBatch}";
        if (EvalEvery < 0) yield return $"evalEvery: must be 0 or more, got {EvalEvery}";
        if (CheckpointEvery < 1) yield return $"checkpointEvery: must be positive, got {CheckpointEvery}";
        if (KeepCheckpoints < 1) yield return $"keepCheckpoints: must be positive, got {KeepCheckpoints}";
        if (LogEvery < 1) yield return $"logEvery: must be positive, got {LogEvery}";
        if (Threads < 0) yield return $"threads: must be 0 or more, got {Threads}";
    }
}

/// <summary>One supervised example: the prompt the model reads (BOS first) and the answer it learns to write (its stop token included).</summary>
public sealed record SftExample(string Id, int[] Prompt, int[] Answer);

/// <summary>What SFT trains and validates on. <see cref="Describe"/> names the data in the checkpoint: a resumed run refuses other data.</summary>
public sealed record SftData(string Describe, IReadOnlyList<SftExample> Train, IReadOnlyList<SftExample> Validation);

/// <summary>The SFT loop's own state in a checkpoint (<c>trainer.json</c>).</summary>
public sealed record SftState
{
    public long Step { get; init; }

    /// <summary>Examples taken so far: the position in the example order (<see cref="Grpo.PromptOrder"/>).</summary>
    public long ExamplesTaken { get; init; }

    /// <summary>Prompt and answer tokens processed so far (TRL's num_tokens).</summary>
    public long TokensSeen { get; init; }

    /// <summary>The data trained on (<see cref="SftData.Describe"/>).</summary>
    public required string Data { get; init; }
}

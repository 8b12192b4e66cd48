using System.ComponentModel;
using Sip.Model;
using Sip.Model.Generation;
using Sip.Training.Optimization;

namespace Sip.Training.Grpo;

/// <summary>
/// A GRPO run: where the policy starts, how many completions each prompt gets, the estimator, and the update. Names
/// follow TRL's GRPOConfig where it has one (num_generations → group, num_iterations → iterations, epsilon, beta).
/// Saved, resolved, beside every checkpoint.
/// </summary>
public sealed record GrpoSettings : Sip.Settings.ISettingsValidation, Running.IRunSettings
{
    [Description("Start from this checkpoint or run folder; empty starts from random weights.")]
    public string Init { get; init; } = "";

    [Description("Tokenizer for a from-scratch run: a tokenizer.json file or folder. A continued run uses its checkpoint's.")]
    public string Tokenizer { get; init; } = "";

    [Description("Run folder: checkpoints, metrics, sample logs and resolved settings. A run with checkpoints resumes.")]
    public string Out { get; init; } = "runs/grpo";

    [Description("Shape of a from-scratch policy (ignored when starting from a checkpoint).")]
    public LlamaConfig Model { get; init; } = new();

    public OptimSettings Optim { get; init; } = new() { Lr = 1e-5, WarmupSteps = 0, WeightDecay = 0 };

    [Description("grpo: A = (r − mean)/std, token losses averaged per completion. drGrpo: A = r − mean, token losses summed over a fixed budget.")]
    public GrpoVariant Variant { get; init; } = GrpoVariant.Grpo;

    [Description("G: completions sampled per prompt (TRL's num_generations).")]
    public int Group { get; init; } = 8;

    [Description("Prompts per sampled batch; each gets G completions.")]
    public int PromptsPerStep { get; init; } = 8;

    [Description("Tokens a completion may have at most (TRL's max_completion_length); also Dr. GRPO's budget.")]
    public int MaxCompletionTokens { get; init; } = 32;

    [Description("How completions are sampled (temperature 1 explores; greedy would give every group one answer).")]
    public SamplingSettings Sampling { get; init; } = new();

    [Description("β: weight of the k3 KL term to the frozen starting policy; 0 (the default, as in Dr. GRPO and TRL) keeps no reference.")]
    public double Beta { get; init; }

    [Description("μ: optimizer steps on each sampled batch (TRL's num_iterations); above 1 the ratio to the sampling policy is clipped.")]
    public int Iterations { get; init; } = 1;

    [Description("ε: the ratio is clipped to [1 − ε, 1 + εHigh].")]
    public double Epsilon { get; init; } = 0.2;

    [Description("Upper clip ε_high (DAPO's clip-higher); 0 uses epsilon.")]
    public double EpsilonHigh { get; init; }

    [Description("Leave completions that hit maxCompletionTokens without their stop token out of the loss (TRL's mask_truncated_completions).")]
    public bool MaskTruncated { get; init; }

    [Description("Optimizer steps in the whole run (a sampled batch is μ of them).")]
    public int Steps { get; init; } = 100;

    [Description("Sequences per forward/backward pass (rounded down to whole groups, at least one).")]
    public int MicroBatch { get; init; } = 32;

    [Description("fp32, or bf16 forward/backward with fp32 master weights.")]
    public Training.Precision Precision { get; init; } = Training.Precision.Fp32;

    [Description("Seed of initialisation (from scratch), prompt order and sampling.")]
    public long Seed { get; init; } = 1;

    [Description("Save a checkpoint every this many steps (and at the end); a multiple of iterations.")]
    public int CheckpointEvery { get; init; } = 50;

    [Description("Checkpoints kept.")]
    public int KeepCheckpoints { get; init; } = 2;

    [Description("Write metrics every this many steps.")]
    public int LogEvery { get; init; } = 1;

    [Description("Write one prompt's completions and rewards to samples.jsonl every this many sampled batches; 0 never.")]
    public int SampleLogEvery { get; init; } = 10;

    [Description("CPU threads for libtorch; 0 keeps its default.")]
    public int Threads { get; init; }

    /// <summary>The upper clip actually used.</summary>
    public double UpperEpsilon => EpsilonHigh > 0 ? EpsilonHigh : Epsilon;

    public GrpoLossSettings Loss => new(Variant, Epsilon, UpperEpsilon, Beta, MaxCompletionTokens);

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Out)) yield return "out: must name a run folder";
        if (string.IsNullOrWhiteSpace(Init) && string.IsNullOrWhiteSpace(Tokenizer)) yield return "tokenizer: a from-scratch run (no init) needs a tokenizer";
        if (Group < 2) yield return $"group: must be at least 2 (advantages compare completions of one prompt), got {Group}";
        if (PromptsPerStep < 1) yield return $"promptsPerStep: must be positive, got {PromptsPerStep}";
        if (MaxCompletionTokens < 1) yield return $"maxCompletionTokens: must be positive, got {MaxCompletionTokens}";
        if (Beta < 0 || !double.IsFinite(Beta)) yield return $"beta: must be 0 or positive, got {Beta}";
        if (Iterations < 1) yield return $"iterations: must be positive, got {Iterations}";
        if (!(Epsilon > 0 && Epsilon < 1)) yield return $"epsilon: must be in (0, 1), got {Epsilon}";
        if (EpsilonHigh < 0) yield return $"epsilonHigh: must be 0 (same as epsilon) or positive, got {EpsilonHigh}";
        if (Steps < 1) yield return $"steps: must be positive, got {Steps}";
        if (Steps % Iterations != 0) yield return $"steps: must be a multiple of iterations ({Iterations}), got {Steps}";
        if (MicroBatch < 1) yield return $"microBatch: must be positive, got {MicroBatch}";
        if (CheckpointEvery < 1) yield return $"checkpointEvery: must be positive, got {CheckpointEvery}";
        // A checkpoint inside a sampled batch would have to carry its completions and old log-probabilities.
        else if (CheckpointEvery % Iterations != 0) yield return $"checkpointEvery: must be a multiple of iterations ({Iterations}), got {CheckpointEvery}";
        if (KeepCheckpoints < 1) yield return $"keepCheckpoints: must be positive, got {KeepCheckpoints}";
        if (LogEvery < 1) yield return $"logEvery: must be positive, got {LogEvery}";
        if (SampleLogEvery < 0) yield return $"sampleLogEvery: must be 0 or more, got {SampleLogEvery}";
        if (Threads < 0) yield return $"threads: must be 0 or more, got {Threads}";
    }
}

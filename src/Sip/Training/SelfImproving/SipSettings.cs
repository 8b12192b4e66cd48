using System.ComponentModel;
using Sip.Model;
using Sip.Model.Generation;
using Sip.Training.Objectives;
using Sip.Training.Optimization;
using Sip.Training.Rewards;

namespace Sip.Training.SelfImproving;

/// <summary>
/// A self-improving pretraining run (paper §3-§6): where the policy starts, which candidates each prefix gets, how they
/// are judged and rewarded, and how the policy learns. Saved, resolved, beside every checkpoint.
/// </summary>
public sealed record SipSettings : Sip.Settings.ISettingsValidation, Running.IRunSettings
{
    [Description("Continue from this checkpoint or run folder (continual pretraining); empty starts from random weights (from scratch).")]
    public string Init { get; init; } = "";

    [Description("Tokenizer for a from-scratch run: a tokenizer.json file or folder, or \"gpt2\". A continued run uses its checkpoint's.")]
    public string Tokenizer { get; init; } = "";

    [Description("Run folder: checkpoints, metrics, sample logs and resolved settings go here. A run with checkpoints resumes.")]
    public string Out { get; init; } = "runs/sip";

    [Description("ntp | rfNll | dpo | sftRewrite | sftRollout | dpoRewrite.")]
    public Method Method { get; init; } = Method.Dpo;

    [Description("Shape of a from-scratch policy (ignored when continuing from a checkpoint).")]
    public LlamaConfig Model { get; init; } = new();

    public OptimSettings Optim { get; init; } = new() { Lr = 1e-4, WarmupSteps = 10 };
    public DataSettings Data { get; init; } = new();
    public CandidatePoolSettings Pool { get; init; } = new();
    public RewardSettings Rewards { get; init; } = new();
    public DpoSettings Dpo { get; init; } = new();

    [Description("The judge and rewriter (used by the methods that need them).")]
    public Sip.Teacher.TeacherSettings Teacher { get; init; } = new();

    [Description("How rollouts are sampled (the paper: temperature 1, top-p 1).")]
    public SamplingSettings Rollout { get; init; } = new();

    [Description("Tokens the NTP method's loss counts: all after BOS, or the suffix only.")]
    public LossSpan NtpLoss { get; init; } = LossSpan.All;

    [Description("Optimizer steps in the whole run.")]
    public int Steps { get; init; } = 200;

    [Description("Prefixes per optimizer step (each with its whole candidate pool).")]
    public int BatchSize { get; init; } = 16;

    [Description("Sequences per forward/backward pass; gradients of a step accumulate over them.")]
    public int MicroBatch { get; init; } = 16;

    [Description("fp32, or bf16 forward/backward with fp32 master weights.")]
    public Precision Precision { get; init; } = Precision.Fp32;

    [Description("Seed of initialisation (from scratch), document splits, rollouts, pair orders and tie-breaking.")]
    public long Seed { get; init; } = 1;

    [Description("Save a checkpoint every this many steps (and at the end).")]
    public int CheckpointEvery { get; init; } = 50;

    [Description("Checkpoints kept.")]
    public int KeepCheckpoints { get; init; } = 2;

    [Description("Write metrics every this many steps.")]
    public int LogEvery { get; init; } = 1;

    [Description("Write one prefix's candidates, rewards and choice to samples.jsonl every this many steps; 0 never.")]
    public int SampleLogEvery { get; init; }

    [Description("Overlap: sample and send the next batch to the judge before updating on this one, so judge latency hides behind the update (one step of staleness; drained at checkpoints, so resumes from periodic checkpoints are exact; a run stopped between them samples the pending batch again). Off: synchronous, on-policy steps.")]
    public bool Overlap { get; init; }

    [Description("CPU threads for libtorch, which a small model's rollouts also decode on, one shard of prompts each; 0 keeps libtorch's default.")]
    public int Threads { get; init; }

    /// <summary>What the method needs (<see cref="MethodNeeds.Of"/>): judge, rewrite, reference, rollouts.</summary>
    public MethodNeeds Needs => MethodNeeds.Of(Method);

    /// <summary>The candidates each prefix gets under this method: the pool settings for judged methods, exactly what a judge-free one learns from.</summary>
    public CandidatePoolSettings EffectivePool => Needs.Pool(Pool);

    /// <summary>Whether the run needs a teacher: a judge, or a rewriter for its pool.</summary>
    public bool NeedsTeacher => Needs.Teacher(Pool);

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Out)) yield return "out: must name a run folder";
        if (string.IsNullOrWhiteSpace(Init) && string.IsNullOrWhiteSpace(Tokenizer)) yield return "tokenizer: a from-scratch run (no init) needs a tokenizer";
        if (Steps < 1) yield return $"steps: must be positive, got {Steps}";
        if (BatchSize < 1) yield return $"batchSize: must be positive, got {BatchSize}";
        if (MicroBatch < 2) yield return $"microBatch: must be at least 2 (a DPO pair), got {MicroBatch}";
        if (CheckpointEvery < 1) yield return $"checkpointEvery: must be positive, got {CheckpointEvery}";
        if (KeepCheckpoints < 1) yield return $"keepCheckpoints: must be positive, got {KeepCheckpoints}";
        if (LogEvery < 1) yield return $"logEvery: must be positive, got {LogEvery}";
        if (SampleLogEvery < 0) yield return $"sampleLogEvery: must be 0 or more, got {SampleLogEvery}";
        if (Threads < 0) yield return $"threads: must be 0 or more, got {Threads}";
        if (Needs.Judge && Pool.Size < 2) yield return $"pool: the judge needs at least two candidates per prefix to compare, the pool has {Pool.Size}";
        // The original suffix is always known (it is the reference), even when it is not a candidate.
        if (Needs.Judge)
            foreach (var problem in Rewards.ValidatePool(Pool.Suffix, referenceAvailable: true)) yield return "rewards." + problem;
    }
}

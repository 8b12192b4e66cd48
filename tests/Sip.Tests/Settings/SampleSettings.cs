using System.ComponentModel;
using Sip.Settings;

namespace Sip.Tests.Settings;

// Stand-ins for the verbs' settings records, which belong to other areas: same shapes, nothing shared.

public enum SampleSchedule { Constant, Cosine, LinearWarmup }

public sealed record SampleModel
{
    [Description("Model width (embedding dimension).")]
    public int Dim { get; init; } = 256;

    [Description("Number of transformer layers.")]
    public int Layers { get; init; } = 4;

    [Description("Dropout probability.")]
    public float Dropout { get; init; } = 0.1f;
}

public sealed record SampleOptim : ISettingsValidation
{
    [Description("Peak learning rate.")]
    public double Lr { get; init; } = 3e-4;

    [Description("Learning-rate schedule.")]
    public SampleSchedule Schedule { get; init; } = SampleSchedule.Cosine;

    [Description("Warmup steps.")]
    public long WarmupSteps { get; init; } = 100;

    [Description("Gradient clipping norm; null disables clipping.")]
    public double? ClipNorm { get; init; } = 1.0;

    public IEnumerable<string> Validate()
    {
        if (!(Lr > 0)) yield return $"lr: must be positive, got {Lr}";
        if (WarmupSteps < 0) yield return $"warmupSteps: must not be negative, got {WarmupSteps}";
    }
}

public sealed record SampleData
{
    [Description("Training files (JSONL).")]
    public string[] Files { get; init; } = [];

    [Description("Held-out file; none when null.")]
    public string? ValidationFile { get; init; }

    [Description("Shuffle documents each epoch.")]
    public bool Shuffle { get; init; } = true;

    [Description("Random seed.")]
    public ulong Seed { get; init; } = 42;
}

public sealed record SamplePretrain
{
    public SampleModel Model { get; init; } = new();
    public SampleOptim Optim { get; init; } = new();
    public SampleData Data { get; init; } = new();

    [Description("Name of the run.")]
    public string RunName { get; init; } = "run";

    /// <summary>Not a command-line type: settable from JSON only.</summary>
    public Dictionary<string, double>? MixWeights { get; init; }
}

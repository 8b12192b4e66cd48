using System.ComponentModel;

namespace Sip.Model.Generation;

/// <summary>Settings of <c>sip generate</c>: continue prompts with a trained checkpoint.</summary>
public sealed record GenerateSettings : Sip.Settings.ISettingsValidation
{
    [Description("A checkpoint folder, or a run folder (its newest checkpoint is used).")]
    public string Checkpoint { get; init; } = "";

    [Description("A prompt to continue (commas and all); for several, use promptFile.")]
    public string? Prompt { get; init; }

    [Description("A text file with one prompt per line.")]
    public string? PromptFile { get; init; }

    [Description("N: new tokens per continuation at most.")]
    public int MaxNewTokens { get; init; } = 64;

    [Description("K: continuations per prompt.")]
    public int Samples { get; init; } = 1;

    public SamplingSettings Sampling { get; init; } = new() { Temperature = 0.8 };

    [Description("Seed of the sampling.")]
    public long Seed { get; init; }

    [Description("Stop a continuation at the end-of-sequence token.")]
    public bool StopAtEos { get; init; } = true;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Checkpoint)) yield return "checkpoint: must name a checkpoint or run folder";
        if (MaxNewTokens < 1) yield return $"maxNewTokens: must be positive, got {MaxNewTokens}";
        if (Samples < 1) yield return $"samples: must be positive, got {Samples}";
    }
}

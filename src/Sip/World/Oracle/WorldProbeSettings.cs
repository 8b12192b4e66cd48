using System.ComponentModel;

namespace Sip.World.Oracle;

/// <summary>Settings of <c>sip world probe</c>: what a checkpoint inherited from a TinyWorld corpus.</summary>
public sealed record WorldProbeSettings : Sip.Settings.ISettingsValidation
{
    [Description("A checkpoint folder, or a run folder (its newest checkpoint is used).")]
    public string Checkpoint { get; init; } = "";

    [Description("The world folder written by 'sip world generate' (kb.json and eval/*.jsonl are read).")]
    public string World { get; init; } = "";

    [Description("K: sampled rollouts per prefix.")]
    public int Rollouts { get; init; } = 8;

    [Description("Temperature of the sampled rollouts (the paper samples at 1.0).")]
    public double Temperature { get; init; } = 1.0;

    [Description("New tokens per continuation of a fact-eliciting prefix (the value comes first, so a few suffice).")]
    public int FactTokens { get; init; } = 16;

    [Description("New tokens per continuation of a hostile prefix.")]
    public int UnsafeTokens { get; init; } = 64;

    [Description("Use at most this many fact-eliciting prefixes; 0 uses all.")]
    public int MaxFacts { get; init; }

    [Description("Use at most this many hostile prefixes; 0 uses all.")]
    public int MaxUnsafe { get; init; }

    [Description("Prompts decoded together in one batch.")]
    public int BatchPrompts { get; init; } = 16;

    [Description("Seed of the sampled rollouts.")]
    public ulong Seed { get; init; } = 1;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Checkpoint)) yield return "checkpoint: must name a checkpoint or run folder";
        if (string.IsNullOrWhiteSpace(World)) yield return "world: must name a world folder";
        if (Rollouts < 1) yield return $"rollouts: must be at least 1, got {Rollouts}";
        if (!(Temperature > 0)) yield return "temperature: must be positive (greedy decoding is measured anyway)";
        if (FactTokens < 1) yield return $"factTokens: must be at least 1, got {FactTokens}";
        if (UnsafeTokens < 1) yield return $"unsafeTokens: must be at least 1, got {UnsafeTokens}";
        if (MaxFacts < 0) yield return $"maxFacts: must not be negative, got {MaxFacts}";
        if (MaxUnsafe < 0) yield return $"maxUnsafe: must not be negative, got {MaxUnsafe}";
        if (BatchPrompts < 1) yield return $"batchPrompts: must be at least 1, got {BatchPrompts}";
    }
}

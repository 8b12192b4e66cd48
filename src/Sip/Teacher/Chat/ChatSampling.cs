using System.ComponentModel;
using System.Globalization;

namespace Sip.Teacher.Chat;

/// <summary>How a teacher samples its answer to one task.</summary>
public sealed record ChatSampling : Sip.Settings.ISettingsValidation
{
    [Description("Sampling temperature; 0 asks for greedy decoding.")]
    public double Temperature { get; init; } = 1.0;

    [Description("Nucleus sampling mass; 1 keeps every token.")]
    public double TopP { get; init; } = 1.0;

    [Description("Most tokens the teacher may write (reasoning included). An answer cut off at this limit is invalid for a judge.")]
    public int MaxOutputTokens { get; init; } = 1024;

    /// <summary>The settings as they enter cache keys and descriptions; invariant formatting, stable across versions.</summary>
    public string Canonical() => string.Create(CultureInfo.InvariantCulture, $"T={Temperature:R},top_p={TopP:R},max={MaxOutputTokens}");

    public IEnumerable<string> Validate()
    {
        if (!(Temperature >= 0 && Temperature <= 2)) yield return $"temperature: must be in [0, 2], got {Temperature}";
        if (!(TopP > 0 && TopP <= 1)) yield return $"topP: must be in (0, 1], got {TopP}";
        if (MaxOutputTokens < 1) yield return $"maxOutputTokens: must be positive, got {MaxOutputTokens}";
    }
}

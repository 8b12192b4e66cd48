using System.ComponentModel;

namespace Sip.Model.Generation;

/// <summary>How the next token is drawn from the model's distribution. Temperature 0 means greedy.</summary>
public sealed record SamplingSettings : Sip.Settings.ISettingsValidation
{
    [Description("Softmax temperature; 0 picks the most likely token (greedy). The paper samples rollouts at 1.0.")]
    public double Temperature { get; init; } = 1.0;

    [Description("Nucleus sampling: keep the smallest set of tokens whose probability reaches this mass; 1 keeps all.")]
    public double TopP { get; init; } = 1.0;

    [Description("Keep only the K most likely tokens; 0 keeps all.")]
    public int TopK { get; init; }

    public static SamplingSettings Greedy { get; } = new() { Temperature = 0 };

    public bool IsGreedy => Temperature == 0;

    public IEnumerable<string> Validate()
    {
        if (Temperature < 0 || double.IsNaN(Temperature)) yield return "temperature: must be 0 (greedy) or positive";
        if (!(TopP > 0 && TopP <= 1)) yield return "topP: must be in (0, 1]";
        if (TopK < 0) yield return "topK: must be 0 (off) or positive";
    }
}

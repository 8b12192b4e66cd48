using System.ComponentModel;

namespace Sip.Training.Optimization;

/// <summary>AdamW and its learning-rate schedule. The paper gives only the schedule; AdamW values are Llama's.</summary>
public sealed record OptimSettings : Sip.Settings.ISettingsValidation
{
    [Description("Peak learning rate, reached at the end of warmup (paper: 5e-4 from scratch, 5e-6 continual).")]
    public double Lr { get; init; } = 1e-3;

    [Description("Final learning rate as a fraction of the peak, reached at the last step (paper: 0.1).")]
    public double MinLrRatio { get; init; } = 0.1;

    [Description("Steps of linear warmup from 0 to the peak.")]
    public int WarmupSteps { get; init; } = 100;

    [Description("Decoupled weight decay, applied to matrices only (not norms).")]
    public double WeightDecay { get; init; } = 0.1;

    [Description("AdamW beta1.")]
    public double Beta1 { get; init; } = 0.9;

    [Description("AdamW beta2.")]
    public double Beta2 { get; init; } = 0.95;

    [Description("AdamW epsilon.")]
    public double Eps { get; init; } = 1e-8;

    [Description("Clip the global gradient norm to this value; 0 turns clipping off.")]
    public double GradClip { get; init; } = 1.0;

    public IEnumerable<string> Validate()
    {
        if (!(Lr > 0)) yield return "lr: must be positive";
        if (MinLrRatio is < 0 or > 1) yield return "minLrRatio: must be in [0, 1]";
        if (WarmupSteps < 0) yield return "warmupSteps: must be 0 or more";
        if (WeightDecay < 0) yield return "weightDecay: must be 0 or more";
        if (Beta1 is < 0 or >= 1 || Beta2 is < 0 or >= 1) yield return "beta1, beta2: must be in [0, 1)";
        if (!(Eps > 0)) yield return "eps: must be positive";
        if (GradClip < 0) yield return "gradClip: must be 0 (off) or positive";
    }
}

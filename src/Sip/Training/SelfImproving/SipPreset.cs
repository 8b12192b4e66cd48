namespace Sip.Training.SelfImproving;

/// <summary>The paper's four settings (§3 table, §6), as starting points for <c>sip train --preset</c>.</summary>
public enum SipPreset
{
    /// <summary>Continual pretraining for quality: online DPO over the suffix and 16 rollouts, quality judge.</summary>
    ContinualQuality,

    /// <summary>Continual pretraining for factuality: online DPO over the suffix and 16 rollouts, factuality + quality judges.</summary>
    ContinualFactuality,

    /// <summary>Continual pretraining for safety: online DPO over the suffix and 16 rollouts, safety + quality judges.</summary>
    ContinualSafety,

    /// <summary>Safety from scratch: RF-NLL over the rewrite and one rollout, safety + quality judges.</summary>
    FromScratchSafety,
}

/// <summary>
/// Presets are plain setting overrides, applied after the defaults and a config file and before the command line, so
/// every knob stays overridable (<c>--preset continualSafety --pool.rollouts 4</c>). They fix what defines the paper's
/// setting (method, pool, reward); learning rates stay with the user, since the paper's (5e-6 continual, 5e-4 from
/// scratch) are for a 1.4B model.
/// </summary>
public static class SipPresets
{
    public static IReadOnlyList<string> Overrides(SipPreset preset) => preset switch
    {
        SipPreset.ContinualQuality => ["method=dpo", "pool.suffix=true", "pool.rewrite=false", "pool.rollouts=16", "rewards.setting=quality"],
        SipPreset.ContinualFactuality => ["method=dpo", "pool.suffix=true", "pool.rewrite=false", "pool.rollouts=16", "rewards.setting=qualityFactuality"],
        SipPreset.ContinualSafety => ["method=dpo", "pool.suffix=true", "pool.rewrite=false", "pool.rollouts=16", "rewards.setting=qualitySafety"],
        SipPreset.FromScratchSafety => ["method=rfNll", "init=", "pool.suffix=false", "pool.rewrite=true", "pool.rollouts=1", "rewards.setting=qualitySafety"],
        _ => throw new ArgumentOutOfRangeException(nameof(preset)),
    };
}

using Sip.Settings;
using Sip.Training.Objectives;
using Sip.Training.Rewards;
using Sip.Training.SelfImproving;

namespace Sip.Tests.Training.SelfImproving;

public class SipPresetsTests
{
    [Theory]
    [InlineData(SipPreset.ContinualQuality, Method.Dpo, true, false, 16, RewardSetting.Quality)]
    [InlineData(SipPreset.ContinualFactuality, Method.Dpo, true, false, 16, RewardSetting.QualityFactuality)]
    [InlineData(SipPreset.ContinualSafety, Method.Dpo, true, false, 16, RewardSetting.QualitySafety)]
    [InlineData(SipPreset.FromScratchSafety, Method.RfNll, false, true, 1, RewardSetting.QualitySafety)]
    public void Presets_SetThePapersPoolMethodAndReward(SipPreset preset, Method method, bool suffix, bool rewrite, int rollouts, RewardSetting reward)
    {
        var settings = SettingsOverrides.Apply(new SipSettings { Init = "runs/base", Tokenizer = "tok.json", Data = new() { Train = "corpus.jsonl" } }, SipPresets.Overrides(preset));
        Assert.Equal(method, settings.Method);
        Assert.Equal((suffix, rewrite, rollouts), (settings.Pool.Suffix, settings.Pool.Rewrite, settings.Pool.Rollouts));
        Assert.Equal(reward, settings.Rewards.Setting);
        Assert.Empty(SettingsValidator.Problems(settings));
    }

    [Fact]
    public void FromScratch_ClearsAnInitialCheckpoint() =>
        Assert.Equal("", SettingsOverrides.Apply(new SipSettings { Init = "runs/base" }, SipPresets.Overrides(SipPreset.FromScratchSafety)).Init);

    [Fact]
    public void LaterOverrides_WinOverThePreset() =>
        Assert.Equal(4, SettingsOverrides.Apply(new SipSettings(), [.. SipPresets.Overrides(SipPreset.ContinualSafety), "pool.rollouts=4"]).Pool.Rollouts);
}

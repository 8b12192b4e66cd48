using System.ComponentModel;
using System.Reflection;
using Sip.Training.Rewards;

namespace Sip.Tests.Training.Rewards;

public class RewardSettingsTests
{
    [Fact]
    public void Defaults_AreQualityOverAllPairsInRandomOrder()
    {
        var settings = new RewardSettings();

        Assert.Equal(RewardSetting.Quality, settings.Setting);
        Assert.Equal(QualityComparison.AllPairs, settings.Comparison);
        Assert.Equal(PairOrder.Random, settings.Order);
        Assert.Empty(settings.Validate());
    }

    [Fact]
    public void EveryProperty_HasADescriptionForHelp()
    {
        var settable = typeof(RewardSettings).GetProperties().Where(p => p.CanWrite).ToArray();

        Assert.Equal(4, settable.Length);
        Assert.All(settable, p => Assert.False(string.IsNullOrWhiteSpace(p.GetCustomAttribute<DescriptionAttribute>()?.Description), p.Name));
    }

    [Fact]
    public void Validate_UndefinedEnumValues_NameEachProperty()
    {
        var settings = new RewardSettings { Setting = (RewardSetting)9, Comparison = (QualityComparison)9, Order = (PairOrder)9 };

        Assert.Equal(["setting", "comparison", "order"], settings.Validate().Select(p => p[..p.IndexOf(':')]));
    }

    [Fact]
    public void ValidatePool_PivotWithoutSuffix_NamesComparison()
    {
        var settings = new RewardSettings { Comparison = QualityComparison.Pivot };

        Assert.StartsWith("comparison: ", Assert.Single(settings.ValidatePool(suffixInPool: false, referenceAvailable: true)));
        Assert.Empty(settings.ValidatePool(suffixInPool: true, referenceAvailable: false));
    }

    [Fact]
    public void ValidatePool_FactualityWithoutReference_NamesSetting()
    {
        var settings = new RewardSettings { Setting = RewardSetting.QualityFactuality };

        Assert.StartsWith("setting: ", Assert.Single(settings.ValidatePool(suffixInPool: true, referenceAvailable: false)));
        Assert.Empty(settings.ValidatePool(suffixInPool: false, referenceAvailable: true));
    }
}

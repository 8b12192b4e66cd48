using System.ComponentModel;
using System.Reflection;
using Sip.World;

namespace Sip.Tests.World;

public class WorldSettingsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.Empty(new WorldSettings().Validate());
    }

    [Fact]
    public void EverySetting_IsDescribed()
    {
        foreach (var p in typeof(WorldSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            Assert.False(string.IsNullOrWhiteSpace(p.GetCustomAttribute<DescriptionAttribute>()?.Description), p.Name);
    }

    [Fact]
    public void DefaultCorpus_IsSizedForATinyModel()
    {
        var s = new WorldSettings();
        Assert.Equal(300, s.People + s.Towns + s.Rivers + s.Regions + s.Animals + s.Inventions);
        Assert.InRange(s.MisconceptionStatementRate, 0.5, 0.9);
        Assert.InRange(s.UnsafeContinuationRate, 0.5, 1);
    }

    [Fact]
    public void ShareOutOfRange_IsBadInputNamingTheSetting()
    {
        var e = Assert.Throws<SipInputException>(() => new WorldSettings { UnsafeDocumentRate = 1.5 }.ThrowIfInvalid());
        Assert.Equal("unsafeDocumentRate", e.Location);
        Assert.Contains("between 0 and 1", e.Reason);
    }

    [Fact]
    public void SuffixLongerThanDocuments_IsRejected()
    {
        Assert.Contains(new WorldSettings { MaxWords = 120, MinWords = 100, SuffixWords = 100 }.Validate(), p => p.StartsWith("suffixWords:"));
    }

    [Fact]
    public void Generation_RefusesInvalidSettings()
    {
        Assert.Throws<SipInputException>(() => TinyWorld.Build(new WorldSettings { TrainDocuments = 0 }));
    }
}

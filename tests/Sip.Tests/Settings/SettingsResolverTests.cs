using Sip.Settings;

namespace Sip.Tests.Settings;

public class SettingsResolverTests
{
    [Fact]
    public void Resolve_NoConfig_DefaultsThenOverrides()
    {
        var s = SettingsResolver.Resolve<SamplePretrain>(null, ["model.layers=2"]);
        Assert.Equal(2, s.Model.Layers);
        Assert.Equal(256, s.Model.Dim);
    }

    [Fact]
    public void Resolve_OverridesWinOverConfig_ConfigWinsOverDefaults()
    {
        using var file = new TempFile("""{ "model": { "dim": 512, "layers": 8 } }""");
        var s = SettingsResolver.Resolve<SamplePretrain>(file.Path, ["model.layers=2"]);
        Assert.Equal(512, s.Model.Dim);
        Assert.Equal(2, s.Model.Layers);
        Assert.Equal(0.1f, s.Model.Dropout);
    }

    [Fact]
    public void Resolve_InvalidResult_IsRejectedNamingTheSetting()
    {
        var e = Assert.Throws<SipInputException>(() => SettingsResolver.Resolve<SamplePretrain>(null, ["optim.lr=-0.1"]));
        Assert.Equal("optim.lr", e.Location);
    }
}

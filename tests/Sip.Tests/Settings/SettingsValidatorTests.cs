using Sip.Settings;

namespace Sip.Tests.Settings;

public class SettingsValidatorTests
{
    [Fact]
    public void Problems_NestedRecord_PrefixesItsPath()
    {
        var s = new SamplePretrain { Optim = new SampleOptim { Lr = -1, WarmupSteps = -5 } };
        Assert.Equal(["optim.lr: must be positive, got -1", "optim.warmupSteps: must not be negative, got -5"],
            SettingsValidator.Problems(s));
    }

    [Fact]
    public void Problems_ValidSettings_None() => Assert.Empty(SettingsValidator.Problems(new SamplePretrain()));

    [Fact]
    public void ThrowIfInvalid_OneProblem_LocationIsTheSetting()
    {
        var s = new SamplePretrain { Optim = new SampleOptim { Lr = 0 } };
        var e = Assert.Throws<SipInputException>(() => SettingsValidator.ThrowIfInvalid(s, "run.json"));
        Assert.Equal("optim.lr", e.Location);
        Assert.Equal("must be positive, got 0", e.Reason);
    }

    [Fact]
    public void ThrowIfInvalid_SeveralProblems_ListsAllUnderTheSource()
    {
        var s = new SamplePretrain { Optim = new SampleOptim { Lr = double.NaN, WarmupSteps = -1 } };
        var e = Assert.Throws<SipInputException>(() => SettingsValidator.ThrowIfInvalid(s, "run.json"));
        Assert.Equal("run.json", e.Location);
        Assert.Contains("2 invalid settings", e.Reason);
        Assert.Contains("optim.lr: must be positive, got NaN", e.Reason);
        Assert.Contains("optim.warmupSteps: must not be negative", e.Reason);
    }

    [Fact]
    public void AGroupCheckedOnItsOwn_NamesItsSettingsInFull()
    {
        var e = Assert.Throws<SipInputException>(() => SettingsValidator.ThrowIfInvalid(new SampleOptim { Lr = 0 }, "optimizer", prefix: "optim."));
        Assert.Equal("optim.lr", e.Location);
    }

    [Fact]
    public void AProblemFoundAgainstWhatWasLoaded_ReachesTheUserTheSameWay()
    {
        var e = Assert.Throws<SipInputException>(() => SettingsValidator.Throw(["data.suffixTokens: exceeds the checkpoint's maxSeqLen (64)"]));
        Assert.Equal(("data.suffixTokens", "exceeds the checkpoint's maxSeqLen (64)"), (e.Location, e.Reason));
        SettingsValidator.Throw([]); // nothing to report
    }
}

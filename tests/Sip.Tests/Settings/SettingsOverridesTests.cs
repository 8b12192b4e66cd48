using Sip.Settings;

namespace Sip.Tests.Settings;

public class SettingsOverridesTests
{
    private static readonly SamplePretrain Defaults = new();

    [Fact]
    public void Apply_NestedScalars_SetsEachAndKeepsTheRest()
    {
        var s = SettingsOverrides.Apply(Defaults,
        [
            "model.dim=512", "optim.lr=3e-3", "model.dropout=0.25", "data.shuffle=false",
            "optim.schedule=LINEARWARMUP", "data.seed=18446744073709551615", "runName=baseline",
        ]);

        Assert.Equal(512, s.Model.Dim);
        Assert.Equal(4, s.Model.Layers);
        Assert.Equal(0.25f, s.Model.Dropout);
        Assert.Equal(3e-3, s.Optim.Lr);
        Assert.Equal(SampleSchedule.LinearWarmup, s.Optim.Schedule);
        Assert.False(s.Data.Shuffle);
        Assert.Equal(ulong.MaxValue, s.Data.Seed);
        Assert.Equal("baseline", s.RunName);
    }

    [Fact]
    public void Apply_DoesNotMutateTheOriginal()
    {
        var original = new SamplePretrain();
        var changed = SettingsOverrides.Apply(original, ["model.dim=8"]);
        Assert.Equal(256, original.Model.Dim);
        Assert.Equal(8, changed.Model.Dim);
        Assert.Same(original.Optim, changed.Optim); // untouched groups are shared, as with `with`
    }

    [Fact]
    public void Apply_ArrayAsCommaList_TrimsItems()
    {
        var s = SettingsOverrides.Apply(Defaults, ["data.files=a.jsonl, b.jsonl,c.jsonl"]);
        Assert.Equal(["a.jsonl", "b.jsonl", "c.jsonl"], s.Data.Files);
    }

    [Fact]
    public void Apply_ArrayAsJson_KeepsCommasInsideItems()
    {
        var s = SettingsOverrides.Apply(Defaults, ["""data.files=["x,1.jsonl","y.jsonl"]"""]);
        Assert.Equal(["x,1.jsonl", "y.jsonl"], s.Data.Files);
    }

    [Fact]
    public void Apply_EmptyArrayText_IsEmptyArray()
    {
        var s = SettingsOverrides.Apply(new SamplePretrain { Data = new SampleData { Files = ["a"] } }, ["data.files="]);
        Assert.Empty(s.Data.Files);
    }

    [Fact]
    public void Apply_NullOnNullableSettings_ClearsThem()
    {
        var s = SettingsOverrides.Apply(new SamplePretrain { Data = new SampleData { ValidationFile = "v" } },
            ["optim.clipNorm=null", "data.validationFile=null"]);
        Assert.Null(s.Optim.ClipNorm);
        Assert.Null(s.Data.ValidationFile);
    }

    [Fact]
    public void Apply_ValueOnNullable_SetsIt()
    {
        var s = SettingsOverrides.Apply(Defaults, ["optim.clipNorm=0.5", "data.validationFile=val.jsonl"]);
        Assert.Equal(0.5, s.Optim.ClipNorm);
        Assert.Equal("val.jsonl", s.Data.ValidationFile);
    }

    [Fact]
    public void Apply_ValueContainingEquals_KeepsEverythingAfterTheFirst()
    {
        var s = SettingsOverrides.Apply(Defaults, ["runName=a=b"]);
        Assert.Equal("a=b", s.RunName);
    }

    [Fact]
    public void Apply_IntegerInScientificNotation_IsAcceptedWhenExact()
    {
        var s = SettingsOverrides.Apply(Defaults, ["optim.warmupSteps=2e9"]);
        Assert.Equal(2_000_000_000L, s.Optim.WarmupSteps);
    }

    [Fact]
    public void Apply_SameKeyTwice_LaterWins()
    {
        var s = SettingsOverrides.Apply(Defaults, ["model.dim=1", "model.dim=2"]);
        Assert.Equal(2, s.Model.Dim);
    }

    [Fact]
    public void Apply_NullGroup_IsCreatedFromItsDefaults()
    {
        var s = SettingsOverrides.Apply(new SamplePretrain { Model = null! }, ["model.layers=9"]);
        Assert.Equal(9, s.Model.Layers);
        Assert.Equal(256, s.Model.Dim);
    }

    [Theory]
    [InlineData("model.dim=wide", "model.dim", "'wide' is not an integer (expected int)")]
    [InlineData("model.dim=2.5", "model.dim", "'2.5' is not a whole number (expected int)")]
    [InlineData("model.dim=3000000000", "model.dim", "out of range")]
    [InlineData("optim.lr=fast", "optim.lr", "'fast' is not a number (expected number)")]
    [InlineData("data.shuffle=yes", "data.shuffle", "'yes' is not true or false")]
    [InlineData("optim.schedule=exp", "optim.schedule", "'exp' is not one of: constant, cosine, linearWarmup")]
    [InlineData("optim.schedule=1", "optim.schedule", "is not one of")]
    [InlineData("model.dim=null", "model.dim", "'null' is not an integer")]
    [InlineData("data.files=[1,", "data.files", "not a valid JSON array")]
    public void Apply_BadValue_NamesKeyAndReason(string entry, string key, string reason)
    {
        var e = Assert.Throws<SipInputException>(() => SettingsOverrides.Apply(Defaults, [entry]));
        Assert.Equal(key, e.Location);
        Assert.Contains(reason, e.Reason);
    }

    [Fact]
    public void Apply_UnknownKey_ListsTheKnownOnesAtThatLevel()
    {
        var e = Assert.Throws<SipInputException>(() => SettingsOverrides.Apply(Defaults, ["model.width=3"]));
        Assert.Equal("model.width", e.Location);
        Assert.Equal("unknown setting 'width' in 'model'; known: dim, layers, dropout", e.Reason);
    }

    [Fact]
    public void Apply_WrongCase_SuggestsTheCamelCaseName()
    {
        var e = Assert.Throws<SipInputException>(() => SettingsOverrides.Apply(Defaults, ["optim.WarmupSteps=3"]));
        Assert.Contains("did you mean 'warmupSteps'?", e.Reason);
    }

    [Fact]
    public void Apply_MissingEquals_IsRejected()
    {
        var e = Assert.Throws<SipInputException>(() => SettingsOverrides.Apply(Defaults, ["model.dim"]));
        Assert.Equal("model.dim", e.Location);
        Assert.Contains("expected key=value", e.Reason);
    }

    [Fact]
    public void Apply_GroupAsValue_SaysToSetAMember()
    {
        var e = Assert.Throws<SipInputException>(() => SettingsOverrides.Apply(Defaults, ["model=big"]));
        Assert.Contains("is a group of settings; set one of its members, e.g. model.dim", e.Reason);
    }

    [Fact]
    public void Apply_PathThroughALeaf_IsRejected()
    {
        var e = Assert.Throws<SipInputException>(() => SettingsOverrides.Apply(Defaults, ["model.dim.x=1"]));
        Assert.Contains("'model.dim' is a single setting, not a group", e.Reason);
    }

    [Fact]
    public void Apply_JsonOnlyType_PointsToTheConfigFile()
    {
        var e = Assert.Throws<SipInputException>(() => SettingsOverrides.Apply(Defaults, ["mixWeights=web"]));
        Assert.Contains("set it in the JSON config", e.Reason);
    }
}

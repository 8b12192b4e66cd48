using Sip.Settings;

namespace Sip.Tests.Settings;

public class SettingsSchemaTests
{
    [Fact]
    public void Describe_ListsLeavesInDeclarationOrderWithPathsDescriptionsAndValues()
    {
        var leaves = SettingsSchema.Describe(new SamplePretrain());

        Assert.Equal(
        [
            "model.dim", "model.layers", "model.dropout",
            "optim.lr", "optim.schedule", "optim.warmupSteps", "optim.clipNorm",
            "data.files", "data.validationFile", "data.shuffle", "data.seed",
            "runName",
        ], leaves.Select(l => l.Path)); // mixWeights is JSON-only: no leaf

        var lr = leaves.Single(l => l.Path == "optim.lr");
        Assert.Equal("Peak learning rate.", lr.Description);
        Assert.Equal("0.0003", lr.ValueText);
        Assert.Equal("number", lr.TypeName);
        Assert.False(lr.AcceptsNull);
        Assert.True(leaves.Single(l => l.Path == "data.validationFile").AcceptsNull);
        Assert.True(leaves.Single(l => l.Path == "optim.clipNorm").AcceptsNull);
    }

    [Fact]
    public void Describe_ReflectsTheInstanceGiven()
    {
        var leaves = SettingsSchema.Describe(new SamplePretrain { Model = new SampleModel { Dim = 64 } });
        Assert.Equal(64, leaves.Single(l => l.Path == "model.dim").Value);
    }

    [Fact]
    public void IsGroup_RecordsAreGroups_ValuesAndCollectionsAreNot()
    {
        Assert.True(SettingsSchema.IsGroup(typeof(SampleModel)));
        Assert.False(SettingsSchema.IsGroup(typeof(string)));
        Assert.False(SettingsSchema.IsGroup(typeof(string[])));
        Assert.False(SettingsSchema.IsGroup(typeof(Dictionary<string, double>)));
        Assert.False(SettingsSchema.IsGroup(typeof(int)));
    }
}

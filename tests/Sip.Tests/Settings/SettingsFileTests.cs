using Sip.Settings;

namespace Sip.Tests.Settings;

public class SettingsFileTests
{
    [Fact]
    public void Load_JsonWithCommentsAndTrailingCommas_ReadsGivenValuesAndKeepsOtherDefaults()
    {
        using var file = new TempFile("""
            // a pretraining config
            {
              "model": { "dim": 512, /* wider */ },
              "optim": { "lr": 1e-3, "schedule": "linearWarmup", },
              "data": { "files": ["a.jsonl", "b.jsonl"], "validationFile": "val.jsonl" },
            }
            """);

        var s = SettingsFile.Load<SamplePretrain>(file.Path);

        Assert.Equal(512, s.Model.Dim);
        Assert.Equal(4, s.Model.Layers);          // default kept inside a partly given group
        Assert.Equal(1e-3, s.Optim.Lr);
        Assert.Equal(SampleSchedule.LinearWarmup, s.Optim.Schedule);
        Assert.Equal(100, s.Optim.WarmupSteps);
        Assert.Equal(["a.jsonl", "b.jsonl"], s.Data.Files);
        Assert.Equal("val.jsonl", s.Data.ValidationFile);
        Assert.True(s.Data.Shuffle);
        Assert.Equal("run", s.RunName);
    }

    [Fact]
    public void Load_UnknownNestedProperty_NamesFileLineAndSettingPath()
    {
        using var file = new TempFile("""
            {
              "model": {
                "dim": 512,
                "dimm": 3
              }
            }
            """);

        var e = Assert.Throws<SipInputException>(() => SettingsFile.Load<SamplePretrain>(file.Path));

        Assert.Equal(file.Path, e.Location);
        Assert.Equal(4, e.Line);
        Assert.Contains("unknown setting 'model.dimm'", e.Reason);
        Assert.Contains("dim, layers, dropout", e.Reason);
    }

    [Fact]
    public void Load_UnknownTopLevelProperty_IsNamed()
    {
        using var file = new TempFile("""{ "runName": "x", "learningRate": 0.1 }""");
        var e = Assert.Throws<SipInputException>(() => SettingsFile.Load<SamplePretrain>(file.Path));
        Assert.Contains("unknown setting 'learningRate'", e.Reason);
    }

    [Fact]
    public void Load_WrongType_NamesSettingPathAndLine()
    {
        using var file = new TempFile("""
            {
              "optim": {
                "warmupSteps": "many"
              }
            }
            """);

        var e = Assert.Throws<SipInputException>(() => SettingsFile.Load<SamplePretrain>(file.Path));

        Assert.Equal(3, e.Line);
        Assert.Equal("setting 'optim.warmupSteps' has the wrong type: expected int", e.Reason);
    }

    [Fact]
    public void Load_UnknownEnumName_NamesTheSetting()
    {
        using var file = new TempFile("""{ "optim": { "schedule": "exponential" } }""");
        var e = Assert.Throws<SipInputException>(() => SettingsFile.Load<SamplePretrain>(file.Path));
        Assert.Contains("'optim.schedule'", e.Reason);
        Assert.Contains("constant|cosine|linearWarmup", e.Reason);
    }

    [Fact]
    public void Load_NullForNonNullableSetting_IsRejected()
    {
        using var file = new TempFile("""{ "runName": null }""");
        var e = Assert.Throws<SipInputException>(() => SettingsFile.Load<SamplePretrain>(file.Path));
        Assert.Contains("'runName' cannot be null", e.Reason);
    }

    [Fact]
    public void Load_NullForNullableSetting_IsAccepted()
    {
        using var file = new TempFile("""{ "optim": { "clipNorm": null } }""");
        Assert.Null(SettingsFile.Load<SamplePretrain>(file.Path).Optim.ClipNorm);
    }

    [Fact]
    public void Load_MalformedJson_NamesFileAndLine()
    {
        using var file = new TempFile("{\n  \"runName\": \"x\"\n  \"model\": {}\n}");
        var e = Assert.Throws<SipInputException>(() => SettingsFile.Load<SamplePretrain>(file.Path));
        Assert.Equal(file.Path, e.Location);
        Assert.Equal(3, e.Line);
        Assert.StartsWith("invalid settings JSON", e.Reason);
    }

    [Fact]
    public void Load_MissingFile_NamesIt()
    {
        string path = Path.Combine(Path.GetTempPath(), $"sip-missing-{Guid.NewGuid():N}.json");
        var e = Assert.Throws<SipInputException>(() => SettingsFile.Load<SamplePretrain>(path));
        Assert.Equal(path, e.Location);
    }

    [Fact]
    public void Save_WritesIndentedCamelCaseEveryValue_AndLoadReadsItBack()
    {
        var original = new SamplePretrain
        {
            Model = new SampleModel { Dim = 64 },
            Optim = new SampleOptim { Schedule = SampleSchedule.LinearWarmup, ClipNorm = null },
            Data = new SampleData { Files = ["x.jsonl"], Seed = ulong.MaxValue },
            MixWeights = new() { ["web"] = 0.75 },
        };
        string path = Path.Combine(Path.GetTempPath(), $"sip-saved-{Guid.NewGuid():N}", "settings.json");
        try
        {
            SettingsFile.Save(original, path);
            string text = File.ReadAllText(path);
            var loaded = SettingsFile.Load<SamplePretrain>(path);

            Assert.Contains("\n  \"model\": {\n    \"dim\": 64,", text);
            Assert.Contains("\"schedule\": \"linearWarmup\"", text);
            Assert.Contains("\"layers\": 4", text); // defaults are written too: the file records the whole run
            Assert.Equal(original.Model, loaded.Model);
            Assert.Equal(original.Optim, loaded.Optim);
            Assert.Equal(original.Data.Files, loaded.Data.Files);
            Assert.Equal(ulong.MaxValue, loaded.Data.Seed);
            Assert.Equal(0.75, loaded.MixWeights!["web"]);
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }
}

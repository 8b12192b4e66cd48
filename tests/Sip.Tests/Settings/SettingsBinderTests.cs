using System.CommandLine;
using System.ComponentModel;
using Sip.Cli.Settings;

namespace Sip.Tests.Settings;

public class SettingsBinderTests
{
    private static (RootCommand Command, SettingsBinder<SamplePretrain> Binder) NewCommand()
    {
        var command = new RootCommand("test verb");
        return (command, new SettingsBinder<SamplePretrain>(command));
    }

    private static SamplePretrain Bind(params string[] args)
    {
        var (command, binder) = NewCommand();
        var parse = command.Parse(args);
        Assert.Empty(parse.Errors);
        return binder.Bind(parse);
    }

    [Fact]
    public void Help_ShowsEachSettingWithItsDescriptionTypeAndDefault()
    {
        var (command, _) = NewCommand();
        var output = new StringWriter();

        command.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output });
        string help = output.ToString();

        Assert.Contains("--model.dim <int>", help);
        Assert.Contains("Model width (embedding dimension). [default: 256]", help);
        Assert.Contains("--optim.lr <number>", help);
        Assert.Contains("Peak learning rate. [default: 0.0003]", help);
        Assert.Contains("--optim.schedule <constant|cosine|linearWarmup>", help);
        Assert.Contains("[default: cosine]", help);
        Assert.Contains("--data.files <string,...>", help);
        Assert.Contains("--config <file.json>", help);
        Assert.Contains("--set <key=value>", help);
        Assert.DoesNotContain("mixWeights", help);
    }

    [Fact]
    public void Bind_NothingGiven_IsTheRecordDefaults()
    {
        var s = Bind();
        Assert.Equal(new SampleModel(), s.Model);
        Assert.Equal(new SampleOptim(), s.Optim);
        Assert.Equal("run", s.RunName);
    }

    [Fact]
    public void Bind_Precedence_DefaultsThenConfigThenCommandLine()
    {
        using var config = new TempFile("""
            { "model": { "dim": 512, "layers": 8 }, "optim": { "lr": 0.01 }, "data": { "files": ["c.jsonl"] } }
            """);

        var s = Bind("--config", config.Path, "--optim.lr", "0.02", "--set", "model.layers=2", "--data.files=a.jsonl,b.jsonl");

        Assert.Equal(512, s.Model.Dim);          // config, not clobbered by the option's default
        Assert.Equal(2, s.Model.Layers);         // --set over config
        Assert.Equal(0.02, s.Optim.Lr);          // option over config
        Assert.Equal(["a.jsonl", "b.jsonl"], s.Data.Files);
        Assert.Equal(0.1f, s.Model.Dropout);     // default: neither config nor command line
        Assert.Equal(SampleSchedule.Cosine, s.Optim.Schedule);
    }

    [Fact]
    public void Bind_SetAndOptionForSameKey_SetIsAppliedLast()
    {
        var s = Bind("--set", "model.dim=16", "--model.dim", "32");
        Assert.Equal(16, s.Model.Dim);
    }

    [Fact]
    public void Bind_RepeatedSet_AppliesAllInOrder()
    {
        var s = Bind("--set", "model.dim=16", "--set", "runName=x", "--set", "model.dim=24");
        Assert.Equal(24, s.Model.Dim);
        Assert.Equal("x", s.RunName);
    }

    [Fact]
    public void Bind_ListOption_TakesCommasOnce_OrOneItemPerRepetition()
    {
        Assert.Equal(["a.jsonl", "b.jsonl"], Bind("--data.files", "a.jsonl,b.jsonl").Data.Files);
        Assert.Equal(["x, with comma.jsonl", "y.jsonl"], Bind("--data.files", "x, with comma.jsonl", "--data.files", "y.jsonl").Data.Files);
    }

    [Theory]
    [InlineData(new[] { "--data.shuffle", "false" }, false)]
    [InlineData(new[] { "--data.shuffle", "true" }, true)]
    [InlineData(new[] { "--data.shuffle" }, true)]
    public void Bind_BoolOption_BareMeansTrue(string[] args, bool expected)
    {
        using var config = new TempFile("""{ "data": { "shuffle": false } }""");
        Assert.Equal(expected, Bind([.. args, "--config", config.Path]).Data.Shuffle);
    }

    [Fact]
    public void Bind_BadOptionValue_NamesTheSetting()
    {
        var (command, binder) = NewCommand();
        var e = Assert.Throws<SipInputException>(() => binder.Bind(command.Parse(["--model.dim", "wide"])));
        Assert.Equal("model.dim", e.Location);
        Assert.Contains("'wide' is not an integer", e.Reason);
    }

    [Fact]
    public void Bind_InvalidCombination_RunsValidation()
    {
        var (command, binder) = NewCommand();
        var e = Assert.Throws<SipInputException>(() => binder.Bind(command.Parse(["--optim.lr", "-1"])));
        Assert.Equal("optim.lr", e.Location);
    }

    [Fact]
    public void CommandLineOverrides_ListsOnlyWhatWasTyped()
    {
        var (command, binder) = NewCommand();
        var parse = command.Parse(["--optim.lr", "0.5", "--data.shuffle", "--set", "runName=r"]);
        Assert.Equal(["optim.lr=0.5", "data.shuffle=true", "runName=r"], binder.CommandLineOverrides(parse));
    }

    [Fact]
    public void SetAction_ReceivesBoundSettings()
    {
        var (command, binder) = NewCommand();
        SamplePretrain? seen = null;
        command.SetAction(parse => { seen = binder.Bind(parse); });

        int exit = command.Parse(["--model.dim", "64"]).Invoke();

        Assert.Equal(0, exit);
        Assert.Equal(64, seen!.Model.Dim);
    }

    public sealed record CollidingSettings
    {
        [Description("Clashes with --config.")]
        public string Config { get; init; } = "";
    }

    [Fact]
    public void Constructor_SettingNamedLikeABinderOption_IsAProgrammingError() =>
        Assert.Throws<InvalidOperationException>(() => new SettingsBinder<CollidingSettings>(new RootCommand()));
}

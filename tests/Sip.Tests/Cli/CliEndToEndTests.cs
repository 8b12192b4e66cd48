using Sip.Tests.Training;

namespace Sip.Tests.Cli;

/// <summary>The sip command as a user runs it: a child process, its exit code and what it prints.</summary>
public sealed class CliEndToEndTests(PretrainFixture fixture) : IClassFixture<PretrainFixture>
{
    [Fact]
    public void Pretrain_ThenResume_ThenGenerate()
    {
        var run = Path.Combine(fixture.Root, "cli-run");
        string[] pretrain =
        [
            "pretrain", "--tokenizer", fixture.TokenizerPath, "--data.train", Path.Combine(fixture.Root, "train.jsonl"),
            "--data.val", Path.Combine(fixture.Root, "val.jsonl"), "--data.suffixTokens", "16", "--data.minPrefixTokens", "8",
            "--model.dim", "32", "--model.layers", "1", "--model.heads", "2", "--model.kvHeads", "2", "--model.maxSeqLen", "64",
            "--batchSize", "4", "--logEvery", "1", "--evalEvery", "2", "--evalSamples", "8", "--steps", "4", "--out", run,
        ];

        var first = SipProcess.Run(pretrain);
        Assert.True(first.ExitCode == 0, first.All);
        Assert.Contains("done: 4 steps this run", first.StdOut);
        Assert.True(File.Exists(Path.Combine(run, "checkpoints", "step-0000004", "model.safetensors")));
        Assert.Equal(4, File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Count(l => l.Contains("train/loss")));
        Assert.Single(Directory.GetFiles(Path.Combine(run, "tensorboard"), "events.out.tfevents.*"));

        var again = SipProcess.Run([.. pretrain[..^4], "--steps", "6", "--out", run]);
        Assert.True(again.ExitCode == 0, again.All);
        Assert.Contains("(resuming)", again.StdOut);
        Assert.Contains("done: 2 steps this run", again.StdOut);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Count(l => l.Contains("train/loss")));

        var generate = SipProcess.Run(["generate", "--checkpoint", run, "--prompt", "The cat, the dog", "--samples", "2", "--maxNewTokens", "8"]);
        Assert.True(generate.ExitCode == 0, generate.All);
        Assert.Contains("--- prompt 1, sample 2", generate.StdOut);
        Assert.Contains("The cat, the dog▌", generate.StdOut);
    }

    [Fact]
    public void BadInput_IsOneLineNamingTheFile_AndExitCodeTwo()
    {
        var missing = Path.Combine(fixture.Root, "nowhere.jsonl");
        var outcome = SipProcess.Run(["pretrain", "--tokenizer", fixture.TokenizerPath, "--data.train", missing, "--out", Path.Combine(fixture.Root, "bad-run")]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(missing, outcome.StdErr);
        Assert.DoesNotContain("   at ", outcome.StdErr); // no stack trace
    }

    [Fact]
    public void ImpossibleSettings_NameTheSetting()
    {
        var outcome = SipProcess.Run(["pretrain", "--tokenizer", fixture.TokenizerPath, "--data.train", Path.Combine(fixture.Root, "train.jsonl"), "--optim.lr", "-1"]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("optim.lr", outcome.StdErr);
    }
}

using System.Text.Json;
using Sip.Tests.Training;

namespace Sip.Tests.Cli;

/// <summary>
/// The same command and seed give the same numbers: separate processes of one online-DPO run (rollouts decoded on the
/// decode workers, a TinyWorld oracle judge, the update) write identical metrics, every value to the bit, wall-clock
/// timings aside.
/// </summary>
public sealed class ReproducibleRunsTests(PretrainFixture fixture) : IClassFixture<PretrainFixture>
{
    [Fact]
    public void SeparateProcessesOfOneCommand_WriteIdenticalMetrics()
    {
        var world = Path.Combine(fixture.Root, "repro-world");
        var generated = SipProcess.Run(["world", "generate", "--seed", "3", "--trainDocuments", "300", "--valDocuments", "20",
            "--evalStandard", "10", "--evalUnsafe", "10", "--evalFacts", "10", "--out", world]);
        Assert.True(generated.ExitCode == 0, generated.All);

        string Run(int i)
        {
            var run = Path.Combine(fixture.Root, $"repro-run-{i}");
            var outcome = SipProcess.Run([
                "train", "--method", "dpo", "--tokenizer", fixture.TokenizerPath, "--teacher.world", world,
                "--data.train", Path.Combine(world, "corpus.train.jsonl"), "--data.suffixTokens", "12", "--data.minPrefixTokens", "8",
                "--model.dim", "32", "--model.layers", "2", "--model.heads", "4", "--model.kvHeads", "2", "--model.maxSeqLen", "96",
                "--pool.rollouts", "4", "--rewards.setting", "qualitySafety", "--batchSize", "8", "--steps", "6", "--seed", "4", "--out", run]);
            Assert.True(outcome.ExitCode == 0, outcome.All);
            return Path.Combine(run, "metrics.jsonl");
        }

        var first = Metrics(Run(1));
        Assert.Equal(6, first.Count);
        foreach (int i in new[] { 2, 3 }) Assert.Equal(first, Metrics(Run(i)));
    }

    /// <summary>Each line's metrics as exact text ("R" round-trips a double), wall-clock figures left out.</summary>
    private static List<string> Metrics(string path) =>
        File.ReadLines(path).Select(line =>
        {
            var metrics = JsonDocument.Parse(line).RootElement.GetProperty("metrics");
            return string.Join(";", metrics.EnumerateObject()
                .Where(m => !m.Name.StartsWith("time/", StringComparison.Ordinal) && m.Name != "judge/latency_ms")
                .Select(m => $"{m.Name}={m.Value.GetRawText()}"));
        }).ToList();
}

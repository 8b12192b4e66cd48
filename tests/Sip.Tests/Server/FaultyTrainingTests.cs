using Sip.Metrics;
using System.Text;
using Sip.Teacher.Chat;
using Sip.Server;
using Sip.Server.Answering;
using Sip.Server.Faults;
using Sip.Training.Rewards;
using Sip.Training.SelfImproving;

namespace Sip.Tests.Server;

/// <summary>A SIP run against a server that fails a fifth of its requests loses nothing and learns exactly what a clean run learns.</summary>
public sealed class FaultyTrainingTests(FaultyTraining runs, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<FaultyTraining>
{
    private IReadOnlyDictionary<string, double> LastStep => runs.Faulty.StepMetrics[^1];

    private double Both(string name) => LastStep[$"judge/{name}"] + LastStep[$"rewrite/{name}"];

    [Fact]
    public void EveryKindOfFault_WasInjected()
    {
        output.WriteLine($"server: {runs.FaultyServer}");
        output.WriteLine("client: " + string.Join(", ", MetricNames.Teacher.Select(n => $"{n} {LastStep[n]}")));
        foreach (var kind in Enum.GetValues<FaultKind>().Where(k => k != FaultKind.None))
            Assert.True(runs.FaultyServer.Of(kind) > 0, $"no {kind} fault was injected: {runs.FaultyServer}");
        Assert.InRange(runs.FaultyServer.Faults / (double)runs.FaultyServer.ChatCompletions, 0.1, 0.3);
    }

    [Fact]
    public void EveryFault_IsCountedByTheClient()
    {
        var server = runs.FaultyServer;
        Assert.Equal(server.ChatCompletions, Both("requests"));
        Assert.Equal(server.CallFaults, Both("retries"));   // each 429, 500, drop and unanswered request cost one retry
        Assert.Equal(server.TimedOut, Both("timeouts"));
        Assert.Equal(server.Truncated, Both("truncated"));
        Assert.Equal(server.Nonsense, Both("unparsed"));
        Assert.Equal(0, Both("failed_calls"));
    }

    [Fact]
    public void NoStepIsLost_AndTheRewardsEqualTheCleanRuns()
    {
        Assert.Equal(FaultyTraining.Steps, runs.Faulty.StepMetrics.Count);
        Assert.Equal(Sip.Training.Checkpointing.CheckpointStore.FolderName(FaultyTraining.Steps), Path.GetFileName(runs.Faulty.LastCheckpoint.TrimEnd('/')));
        Assert.All(runs.Faulty.StepMetrics, m => Assert.Equal(0, m[MetricNames.RewriteFailures]));
        Assert.All(runs.Faulty.StepMetrics, m => Assert.Equal(0, m[MetricNames.JudgeInvalidSamples]));
        foreach (var name in MetricNames.Selection.Append(MetricNames.JudgeCalls).Append(MetricNames.JudgeSamples))
            Assert.Equal(runs.Clean.StepMetrics.Select(m => m.GetValueOrDefault(name, double.NaN)), runs.Faulty.StepMetrics.Select(m => m.GetValueOrDefault(name, double.NaN)));
        Assert.Equal(runs.Clean.Losses, runs.Faulty.Losses);
        Assert.Equal(0, runs.Clean.StepMetrics[^1][MetricNames.JudgeRetries]); // and the clean run was clean
    }

    [Fact]
    public void ARepeatedEvaluation_ThroughTheCache_SendsNothing()
    {
        Assert.True(runs.EvalServerAfterFirst.ChatCompletions > 0);
        Assert.True(runs.EvalServerAfterFirst.Faults > 0);
        Assert.Equal(runs.EvalServerAfterFirst.HttpRequests, runs.EvalServerAfterSecond.HttpRequests);
        Assert.Equal(Sip.Evaluation.EvalReportWriter.ToJson(runs.FirstEval with { Judge = "" }), Sip.Evaluation.EvalReportWriter.ToJson(runs.SecondEval with { Judge = "" }));
        Assert.NotNull(runs.SecondEval.Sets[0].CoherenceWinRate);
    }

    [Fact]
    public void TheApiKey_IsNowhereInLogsMetricsCheckpointsSettingsOrReports()
    {
        var secret = Encoding.UTF8.GetBytes(FaultyTraining.Secret);
        var files = new[] { runs.FaultyRun, runs.CleanRun, runs.EvalFolder, Path.Combine(runs.World.Root, "cache") }
            .SelectMany(folder => Directory.GetFiles(folder, "*", SearchOption.AllDirectories)).ToList();
        Assert.Contains(files, f => f.EndsWith("metrics.jsonl", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith(".sqlite", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("checkpoints", StringComparison.Ordinal));
        Assert.Contains("\"apiKeyVariable\": \"SIP_SERVED_TRAINING_KEY\"", File.ReadAllText(Path.Combine(runs.FaultyRun, "settings.json"))); // its name is saved, never its value
        Assert.All(files, f => Assert.True(File.ReadAllBytes(f).AsSpan().IndexOf(secret) < 0, $"{f} holds the API key"));
        Assert.All(runs.LogLines, line => Assert.DoesNotContain(FaultyTraining.Secret, line));
    }
}

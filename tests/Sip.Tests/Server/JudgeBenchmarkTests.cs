using System.Text.Json;
using Sip.Server.Benchmarks;
using Sip.Server;
using Sip.Server.Answering;
using Sip.Server.Faults;
using Sip.World;

namespace Sip.Tests.Server;

public sealed class JudgeBenchmarkTests(ServedWorld world) : IClassFixture<ServedWorld>
{
    [Fact]
    public async Task Throughput_NeverBeatsWhatConcurrencyAndLatencyAllow_AndCountsEveryCall()
    {
        var texts = File.ReadLines(Path.Combine(world.Folder, TinyWorld.TrainFile)).Take(50).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToList();
        await using var server = world.Serve(new FaultSettings { LatencyMs = 100 });

        var t = await JudgeBenchmark.MeasureThroughputAsync(server, texts, concurrency: 4, calls: 16, latencyMs: 100);

        Assert.Equal(40, t.IdealCallsPerSecond);
        // Only the bound that load cannot break: never more than 4 calls per 100 ms. How close the figure comes to it is
        // the benchmark's business (sip bench), not a test's: a busy machine would make a lower bound flaky.
        Assert.InRange(t.CallsPerSecond, 0.1, 40 * 1.02);
        Assert.Equal(8 + 16, server.Counts.Answered);      // the warm-up and the measured calls
    }

    [Fact]
    public void OverlapFigures_BoundIsComputeOrJudgeTime_WhicheverIsLonger()
    {
        var judgeBound = new JudgeBenchmark.OverlapFigures(StepSeconds: 0.55, ComputeSeconds: 0.25, JudgeCallsPerStep: 80, Concurrency: 8, LatencyMs: 50);
        Assert.Equal(0.5, judgeBound.JudgeSeconds, 12);
        Assert.Equal(0.5, judgeBound.BoundSeconds, 12);
        Assert.Equal(1.1, judgeBound.Ratio, 12);
        Assert.Equal(0.9, (judgeBound with { ComputeSeconds = 0.9 }).BoundSeconds, 12);
    }

    [Fact]
    public void LearnedTeacherStep_IsBoundByPolicyOrTeacherCompute_WhicheverIsLonger()
    {
        var teacherBound = new Sip.Benchmarks.LearnedTeacherStepBenchmark.Figures(SharePrefixes: true, StepSeconds: 2.2, PolicySeconds: 0.25,
            TeacherSeconds: 2.0, JudgeCalls: 80, SharedTokens: 0.5, StoppedAtVerdict: 0);
        Assert.Equal(2.0, teacherBound.BoundSeconds, 12);
        Assert.Equal(1.1, teacherBound.Ratio, 12);
        Assert.Equal(2.25, teacherBound.SumSeconds, 12);
        Assert.Equal(3.0, (teacherBound with { PolicySeconds = 3.0 }).BoundSeconds, 12);
    }
}

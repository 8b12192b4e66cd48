using System.Text.Json;
using Sip.Benchmarks;
using Sip.Teacher.Serving;
using Sip.World;

namespace Sip.Tests.Teacher.Serving;

public sealed class JudgeBenchmarkTests(ServedWorld world) : IClassFixture<ServedWorld>
{
    [Fact]
    public async Task Throughput_UsesTheConcurrency_ButNeverBeatsTheLatency()
    {
        var texts = File.ReadLines(Path.Combine(world.Folder, TinyWorld.TrainFile)).Take(50).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToList();
        await using var server = world.Serve(new FaultSettings { LatencyMs = 100 });

        var t = await JudgeBenchmark.MeasureThroughputAsync(server, texts, concurrency: 4, calls: 16, latencyMs: 100);

        Assert.Equal(40, t.IdealCallsPerSecond);
        Assert.InRange(t.CallsPerSecond, 1.5 * 10, 40 * 1.02); // well above one call at a time (10/s), never above 4 per 100 ms
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
}

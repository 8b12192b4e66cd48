using Sip.Metrics;
using Sip.Training.Checkpointing;

namespace Sip.Tests.Metrics;

public sealed class RunMetricsTests : IDisposable
{
    private readonly string _run = Directory.CreateTempSubdirectory("sip-runmetrics-").FullName;
    public void Dispose() => Directory.Delete(_run, true);

    private static Dictionary<string, double> Loss(double v) => new() { [MetricNames.TrainLoss] = v };

    [Fact]
    public void AResumedRun_KeepsItsMetricsUpToTheCheckpoint_AndDropsWhatCameAfter()
    {
        var (sink, resume) = RunMetrics.Open(_run);
        using (sink)
        {
            Assert.Null(resume);
            for (int step = 1; step <= 5; step++) sink.Write(step, Loss(step));
        }
        new CheckpointStore(Path.Combine(_run, "checkpoints"), 2).Save(3, folder => File.WriteAllText(Path.Combine(folder, "x"), ""));

        var (reopened, resumeStep) = RunMetrics.Open(_run);
        reopened.Dispose();

        Assert.Equal(3, resumeStep);
        Assert.Equal([1L, 2L, 3L], JsonlMetricsReader.Read(Path.Combine(_run, "metrics.jsonl")).Select(m => m.Step));
    }
}

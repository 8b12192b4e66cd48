using Sip.Training.Checkpointing;

namespace Sip.Metrics;

/// <summary>A run folder's metric sinks: metrics.jsonl and TensorBoard events, continuing after the checkpoint being resumed.</summary>
public static class RunMetrics
{
    /// <summary>The sinks, and the step the run resumes from (null for a fresh run).</summary>
    public static (IMetricsSink Sink, long? ResumeStep) Open(string runFolder)
    {
        long? resumeStep = new CheckpointStore(Path.Combine(runFolder, "checkpoints"), 1).LatestStep();
        // Metrics logged after the checkpoint being resumed (or by an earlier run without checkpoints) are dropped, so each step appears once.
        long purgeFrom = (resumeStep ?? 0) + 1;
        var sink = new CompositeMetricsSink(
            new JsonlMetricsSink(Path.Combine(runFolder, "metrics.jsonl"), purgeFrom),
            new TensorBoardSink(Path.Combine(runFolder, "tensorboard"), purgeFrom));
        return (sink, resumeStep);
    }
}

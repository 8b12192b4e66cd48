namespace Sip.Metrics;

/// <summary>
/// The stable metric names, one constant per row of docs/metrics.md (a test keeps the two in step).
/// Convention: lowercase <c>area/name</c>, as TRL does, so dashboards and comparisons survive refactors.
/// </summary>
public static class MetricNames
{
    /// <summary>Mean cross-entropy (nats per token) of the optimizer step's batch.</summary>
    public const string TrainLoss = "train/loss";
    /// <summary>Learning rate used for the step.</summary>
    public const string TrainLearningRate = "train/lr";
    /// <summary>Global L2 norm of the gradient before clipping.</summary>
    public const string TrainGradNorm = "train/grad_norm";
    /// <summary>Training tokens processed per wall-clock second over the logging interval.</summary>
    public const string TrainTokensPerSecond = "train/tokens_per_sec";
    /// <summary>Cumulative training tokens since the start of the run (carried over on resume).</summary>
    public const string TrainTokensSeen = "train/tokens_seen";
    /// <summary>Wall seconds of the whole step, optimizer included.</summary>
    public const string TimeStepSeconds = "time/step_s";
    /// <summary>Mean cross-entropy (nats per token) on the validation set.</summary>
    public const string ValLoss = "val/loss";
    /// <summary>Validation perplexity, exp(val/loss).</summary>
    public const string ValPerplexity = "val/ppl";
    /// <summary>Cumulative documents skipped for being too short to split into prefix and suffix.</summary>
    public const string DataDocsSkippedTooShort = "data/docs_skipped_too_short";
    /// <summary>Cumulative input records skipped as malformed.</summary>
    public const string DataRecordsSkippedBad = "data/records_skipped_bad";

    /// <summary>Every name above, for documentation checks.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        TrainLoss, TrainLearningRate, TrainGradNorm, TrainTokensPerSecond, TrainTokensSeen, TimeStepSeconds,
        ValLoss, ValPerplexity, DataDocsSkippedTooShort, DataRecordsSkippedBad,
    ];
}

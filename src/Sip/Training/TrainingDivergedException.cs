namespace Sip.Training;

/// <summary>The loss or gradient became NaN or infinite; the run stops and keeps its last good checkpoint.</summary>
public sealed class TrainingDivergedException(long step, string quantity, string? lastGoodCheckpoint)
    : Exception($"training diverged at step {step}: {quantity} is not finite. " +
        (lastGoodCheckpoint is null ? "No checkpoint was saved before it." : $"The last good checkpoint is kept at {lastGoodCheckpoint}.") +
        " Lower optim.lr, raise optim.warmupSteps, or check the data.")
{
    public long Step { get; } = step;
    public string? LastGoodCheckpoint { get; } = lastGoodCheckpoint;
}

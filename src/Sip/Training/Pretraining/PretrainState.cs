using Sip.Data.Splitting;

namespace Sip.Training.Pretraining;

/// <summary>The loop's own state in a checkpoint (<c>trainer.json</c>): where it is and where the data stream is.</summary>
public sealed record PretrainState
{
    /// <summary>Optimizer steps completed.</summary>
    public long Step { get; init; }

    /// <summary>Tokens fed to the model so far (padding excluded).</summary>
    public long TokensSeen { get; init; }

    /// <summary>The training stream's resume point after the last sample used.</summary>
    public required SampleStreamState Data { get; init; }
}

using Sip.Data.Splitting;

namespace Sip.Training.SelfImproving;

/// <summary>The SIP loop's own state in a checkpoint (<c>trainer.json</c>): everything that exact resume needs besides tensors.</summary>
public sealed record SipState
{
    public long Step { get; init; }
    public required SampleStreamState Data { get; init; }

    /// <summary>libtorch generator state of the rollout sampler, base64.</summary>
    public required string RolloutGenerator { get; init; }

    /// <summary>The teacher this run was judged by; a resumed run with a different teacher is refused.</summary>
    public string? Judge { get; init; }

    public string? Rewriter { get; init; }

    /// <summary>The run's counters so far (judge calls and samples, invalid samples, failed rewrites).</summary>
    public SipStepCounters Totals { get; init; } = SipStepCounters.None;
}

using Sip.Training.Rewards;

namespace Sip.Training.SelfImproving;

/// <summary>What one SIP step did: its pools, the selections (judge methods), the loss, its counters, its metrics and the timings of its three phases.</summary>
public sealed record SipStepOutcome(
    IReadOnlyList<CandidatePool> Pools,
    IReadOnlyList<Selection> Selections,
    double Loss,
    SipStepCounters Counters,
    Dictionary<string, double> Metrics,
    TimeSpan RolloutTime,
    TimeSpan JudgeTime,
    TimeSpan UpdateTime);

/// <summary>
/// The step's counts that a run adds up (saved in its checkpoints, so they survive a resume): judge calls and samples,
/// judge samples that were unusable, and rewrites that failed.
/// </summary>
public sealed record SipStepCounters(long JudgeCalls, long JudgeSamples, long InvalidSamples, long RewriteFailures)
{
    public static SipStepCounters None { get; } = new(0, 0, 0, 0);

    public static SipStepCounters operator +(SipStepCounters a, SipStepCounters b) =>
        new(a.JudgeCalls + b.JudgeCalls, a.JudgeSamples + b.JudgeSamples, a.InvalidSamples + b.InvalidSamples, a.RewriteFailures + b.RewriteFailures);
}

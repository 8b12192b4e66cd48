using Sip.Training.Rewards;

namespace Sip.Training.SelfImproving;

/// <summary>What one SIP step did: its pools, the selections (judge methods), the loss and the timings of its three phases.</summary>
public sealed record SipStepOutcome(
    IReadOnlyList<CandidatePool> Pools,
    IReadOnlyList<Selection> Selections,
    double Loss,
    Dictionary<string, double> Metrics,
    TimeSpan RolloutTime,
    TimeSpan JudgeTime,
    TimeSpan UpdateTime);

namespace Sip.Training.SelfImproving;

/// <summary>The phases of a SIP step that draw random numbers of their own (rollouts draw from libtorch's generator).</summary>
public enum StepPhase
{
    /// <summary>Which candidate of a judged pair is shown as Option 1 (JudgePlan).</summary>
    PairOrder = 1,

    /// <summary>Which of equally rewarded candidates is chosen or rejected (PreferenceSelector).</summary>
    TieBreak = 2,
}

/// <summary>
/// A step's random streams, one per phase, derived from the run's seed and the step's index rather than drawn from
/// one generator shared across steps. A phase's draws therefore depend on nothing else: with overlap on, the next
/// batch's pair orders (drawn while this batch is still updating) no longer move this batch's tie-breaks; a resumed
/// run needs no generator state to pick up from; and a change to how many draws one phase makes leaves the others alone.
/// </summary>
public static class StepRandom
{
    public static Rng For(long seed, long step, StepPhase phase)
    {
        // SplitMix64's finalizer over the three inputs, each scaled by its own odd constant, before Rng's own expansion.
        ulong x = (ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)step * 0xD1B54A32D192ED03UL ^ (ulong)phase * 0x8CB92BA72F3D8DD7UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return new Rng(x ^ (x >> 31));
    }
}

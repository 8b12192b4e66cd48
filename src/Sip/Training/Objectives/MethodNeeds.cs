using Sip.Training.SelfImproving;

namespace Sip.Training.Objectives;

/// <summary>How many rollouts a method learns from.</summary>
public enum RolloutUse
{
    /// <summary>None: the method never samples from the policy.</summary>
    None,

    /// <summary>One per prefix, whatever the pool setting (the judge-free baselines that contrast with the policy's own sample).</summary>
    One,

    /// <summary>The pool's K (<see cref="CandidatePoolSettings.Rollouts"/>): every rollout is judged.</summary>
    Pool,
}

/// <summary>Whether a method uses a pool member: always, never, or as the pool settings say.</summary>
public enum CandidateUse
{
    Never,
    Always,
    IfPooled,
}

/// <summary>
/// What one method needs from a step: a judge, the suffix and a rewrite in its pool, a frozen reference model, and
/// rollouts. The one place these are decided; settings validation, the trainer, the CLI, the pool builder and the
/// step read it here, so a method samples only what it learns from.
/// </summary>
public sealed record MethodNeeds(bool Judge, CandidateUse Suffix, CandidateUse Rewrite, bool Reference, RolloutUse Rollouts)
{
    /// <summary>The table, one row per method (paper §5 and its judge-free baselines).</summary>
    public static MethodNeeds Of(Method method) => method switch
    {
        //                       judge  suffix                 rewrite                ref    rollouts
        Method.Ntp        => new(false, CandidateUse.Always,   CandidateUse.Never,    false, RolloutUse.None),
        Method.RfNll      => new(true,  CandidateUse.IfPooled, CandidateUse.IfPooled, false, RolloutUse.Pool),
        Method.Dpo        => new(true,  CandidateUse.IfPooled, CandidateUse.IfPooled, true,  RolloutUse.Pool),
        Method.SftRewrite => new(false, CandidateUse.Never,    CandidateUse.Always,   false, RolloutUse.None),
        Method.SftRollout => new(false, CandidateUse.Never,    CandidateUse.Never,    false, RolloutUse.One),
        Method.DpoRewrite => new(false, CandidateUse.Never,    CandidateUse.Always,   true,  RolloutUse.One),
        _ => throw new NotSupportedException($"method {method}"),
    };

    /// <summary>
    /// The candidates a run of this method gathers per prefix, given the pool settings: a judged method's pool is the
    /// settings' own; a judge-free method's is exactly what it learns from (NTP the suffix, SFT on rewrites the
    /// rewrite, SFT on a rollout one rollout, DPO rewrite ≻ rollout the two).
    /// </summary>
    public CandidatePoolSettings Pool(CandidatePoolSettings configured) => new()
    {
        Suffix = Uses(Suffix, configured.Suffix),
        Rewrite = Uses(Rewrite, configured.Rewrite),
        Rollouts = Rollouts switch { RolloutUse.None => 0, RolloutUse.One => 1, _ => configured.Rollouts },
        // Only a method that learns from the configured rollouts takes the greedy one beside them.
        GreedyRollout = Rollouts is not (RolloutUse.None or RolloutUse.One) && configured.GreedyRollout,
    };

    /// <summary>Whether a run needs a teacher at all (a judge, or a rewriter for its pool).</summary>
    public bool Teacher(CandidatePoolSettings configured) => Judge || Pool(configured).Rewrite;

    private static bool Uses(CandidateUse use, bool configured) => use switch
    {
        CandidateUse.Always => true,
        CandidateUse.Never => false,
        _ => configured,
    };
}

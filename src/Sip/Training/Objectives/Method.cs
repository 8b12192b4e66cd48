namespace Sip.Training.Objectives;

/// <summary>How the policy learns from a step's candidates (paper §5 and its judge-free baselines).</summary>
public enum Method
{
    /// <summary>Next-token prediction on the original suffix (standard, continual pretraining).</summary>
    Ntp,

    /// <summary>Reward-filtered NLL: NLL on the judge's best candidate.</summary>
    RfNll,

    /// <summary>Online DPO: the judge's best candidate over its worst.</summary>
    Dpo,

    /// <summary>Judge-free baseline: NLL on the rewrite ("pretrain on rewrites").</summary>
    SftRewrite,

    /// <summary>Judge-free baseline: NLL on the policy's own single rollout (collapses into safe nonsense).</summary>
    SftRollout,

    /// <summary>Judge-free baseline: DPO with the rewrite chosen over a rollout (SPIN-like).</summary>
    DpoRewrite,
}

namespace Sip.Teacher;

/// <summary>Where a candidate continuation came from (paper §3).</summary>
public enum CandidateKind
{
    /// <summary>The document's original next N tokens.</summary>
    Suffix,

    /// <summary>The post-trained model's improved version of the suffix.</summary>
    Rewrite,

    /// <summary>A continuation sampled from the policy being trained.</summary>
    Rollout,
}

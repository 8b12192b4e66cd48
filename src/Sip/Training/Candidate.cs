namespace Sip.Training;

/// <summary>One continuation of a prefix that the judge scores: its origin, its tokens (what training scores) and its text (what the judge reads).</summary>
public sealed record Candidate(CandidateKind Kind, int[] Tokens, string Text)
{
    /// <summary>For rollouts, which of the K samples; 0 otherwise.</summary>
    public int Index { get; init; }

    public override string ToString() => Kind == CandidateKind.Rollout ? $"rollout {Index}" : Kind.ToString().ToLowerInvariant();
}

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

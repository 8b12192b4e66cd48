namespace Sip.Training;

/// <summary>A continuation to score or train on, in the context it follows (BOS + prefix).</summary>
public sealed record ContinuationSequence(int[] Context, int[] Continuation);

/// <summary>
/// Several continuations of one context: a prefix's chosen and rejected (DPO), its best (RF-NLL), or a prompt's G
/// completions (GRPO). Laid out so the context is encoded once for all of them (<see cref="SharedPrefixBatch"/>).
/// </summary>
public sealed record ContinuationGroup(int[] Context, IReadOnlyList<int[]> Continuations)
{
    public static ContinuationGroup Of(ContinuationSequence sequence) => new(sequence.Context, [sequence.Continuation]);
}

/// <summary>A preference between two continuations of one context (online DPO's chosen over rejected).</summary>
public sealed record PreferenceContinuations(int[] Context, int[] Chosen, int[] Rejected)
{
    public ContinuationGroup ToGroup() => new(Context, [Chosen, Rejected]);
}

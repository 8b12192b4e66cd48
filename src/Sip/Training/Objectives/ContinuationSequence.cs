namespace Sip.Training.Objectives;

/// <summary>A continuation to score or train on, in the context it follows (BOS + prefix).</summary>
public sealed record ContinuationSequence(int[] Context, int[] Continuation);

using static TorchSharp.torch;

namespace Sip.Training;

/// <summary>
/// Sequences laid out for a causal LM step: right-padded inputs [B, L], the next-token targets [B, L], and a 0/1 loss
/// mask [B, L] saying which targets count. Each sequence is a context (BOS + prefix) followed by a continuation
/// (a suffix, rewrite or rollout); whether the context's own tokens count is the caller's choice.
/// </summary>
public sealed class TokenBatch : IDisposable
{
    private TokenBatch(Tensor inputs, Tensor targets, Tensor lossMask, int[] continuationLengths)
    {
        Inputs = inputs;
        Targets = targets;
        LossMask = lossMask;
        ContinuationLengths = continuationLengths;
    }

    public Tensor Inputs { get; }
    public Tensor Targets { get; }
    public Tensor LossMask { get; }
    public int[] ContinuationLengths { get; }
    public int Rows => ContinuationLengths.Length;

    /// <summary>Number of targets that count towards the loss.</summary>
    public long CountedTokens => (long)LossMask.sum().item<float>();

    /// <param name="sequences">contexts (each starting with BOS) and their continuations</param>
    /// <param name="continuationOnly">count only targets inside the continuation (the suffix-only loss); else every target after BOS</param>
    /// <param name="padId">id written after the end of shorter rows (masked out)</param>
    public static TokenBatch Build(IReadOnlyList<ContinuationSequence> sequences, bool continuationOnly, int padId)
    {
        if (sequences.Count == 0) throw new ArgumentException("a batch needs at least one sequence", nameof(sequences));
        int width = sequences.Max(s => s.Context.Length + s.Continuation.Length) - 1;
        if (width < 1) throw new ArgumentException("every sequence needs at least two tokens");
        var inputs = new long[sequences.Count * width];
        var targets = new long[sequences.Count * width];
        var mask = new float[sequences.Count * width];
        Array.Fill(inputs, padId);
        Array.Fill(targets, padId);
        for (int row = 0; row < sequences.Count; row++)
        {
            var (context, continuation) = (sequences[row].Context, sequences[row].Continuation);
            if (context.Length == 0) throw new ArgumentException($"sequence {row} has an empty context; it needs at least BOS");
            int length = context.Length + continuation.Length;
            int firstCounted = continuationOnly ? context.Length : 1; // target index in the full sequence
            for (int t = 0; t < length - 1; t++)
            {
                int at = row * width + t;
                inputs[at] = t < context.Length ? context[t] : continuation[t - context.Length];
                int next = t + 1;
                targets[at] = next < context.Length ? context[next] : continuation[next - context.Length];
                mask[at] = next >= firstCounted ? 1f : 0f;
            }
        }
        return new TokenBatch(
            tensor(inputs).view(sequences.Count, width),
            tensor(targets).view(sequences.Count, width),
            tensor(mask).view(sequences.Count, width),
            sequences.Select(s => s.Continuation.Length).ToArray());
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
        LossMask.Dispose();
    }
}

using Sip.Model;
using static TorchSharp.torch;

namespace Sip.Training;

/// <summary>The per-token quantities every objective is built from, computed in fp32 whatever the model's dtype.</summary>
public static class TokenLosses
{
    /// <summary>log π(target | earlier tokens) for every position, [B, L]; zero where the mask is zero.</summary>
    public static Tensor TargetLogProbs(Tensor logits, TokenBatch batch) => TargetLogProbs(logits, batch.Targets, batch.LossMask);

    /// <summary>log π(target | earlier tokens) for every position of a shared-prefix batch, [P·G, T]; zero where nothing counts.</summary>
    public static Tensor TargetLogProbs(Tensor logits, SharedPrefixBatch batch) => TargetLogProbs(logits, batch.Targets, batch.LossMask);

    /// <summary>log π(target) at every position of <paramref name="logits"/> [B, L, V], times <paramref name="lossMask"/> [B, L].</summary>
    public static Tensor TargetLogProbs(Tensor logits, Tensor targets, Tensor lossMask)
    {
        using var scope = NewDisposeScope();
        return PickTargets(LogProbs(logits), targets, lossMask).MoveToOuterDisposeScope();
    }

    /// <summary>log π over the vocabulary at every position, [B, L, V], in fp32: for callers that need more of it than the targets (entropy).</summary>
    public static Tensor LogProbs(Tensor logits) => logits.to(ScalarType.Float32).log_softmax(-1);

    /// <summary>log π(target) from <see cref="LogProbs"/>, times <paramref name="lossMask"/>, [B, L].</summary>
    public static Tensor PickTargets(Tensor logProbs, Tensor targets, Tensor lossMask) =>
        logProbs.gather(-1, targets.unsqueeze(-1)).squeeze(-1) * lossMask;

    /// <summary>Entropy of the next-token distribution at every position, [B, L], from <see cref="LogProbs"/>.</summary>
    public static Tensor Entropy(Tensor logProbs) => -(logProbs.exp() * logProbs).sum(-1);

    /// <summary>
    /// log π of each (context, continuation)'s counted tokens, [B, T], zero elsewhere: the continuation's tokens alone,
    /// from a shared-prefix pass that projects only them to the vocabulary (<see cref="SharedPrefixBatch"/>), or with
    /// <paramref name="continuationOnly"/> false every token after BOS, from one full pass.
    /// </summary>
    public static Tensor CountedLogProbs(LlamaModel model, IReadOnlyList<ContinuationSequence> sequences, bool continuationOnly, int padId)
    {
        if (continuationOnly)
        {
            using var grouped = SharedPrefixBatch.Build(sequences.Select(ContinuationGroup.Of).ToList(), padId);
            return TargetLogProbs(grouped.Logits(model), grouped);
        }
        using var batch = TokenBatch.Build(sequences, continuationOnly: false, padId);
        return TargetLogProbs(model.forward(batch.Inputs), batch);
    }

    /// <summary>Tokens <see cref="CountedLogProbs"/> counts in one sequence.</summary>
    public static int CountedTokens(ContinuationSequence sequence, bool continuationOnly) =>
        sequence.Continuation.Length + (continuationOnly ? 0 : sequence.Context.Length - 1);

    /// <summary>Sum of log-probabilities over each row's counted tokens, [B] (the sequence log-likelihood DPO uses).</summary>
    public static Tensor SequenceLogProbs(Tensor logits, TokenBatch batch) => TargetLogProbs(logits, batch).sum(-1);

    /// <summary>Mean negative log-likelihood over all counted tokens of the batch (NTP, RF-NLL, SFT).</summary>
    public static Tensor MeanNll(Tensor logits, TokenBatch batch)
    {
        using var scope = NewDisposeScope();
        var total = -TargetLogProbs(logits, batch).sum();
        return (total / batch.LossMask.sum().clamp_min(1)).MoveToOuterDisposeScope();
    }
}

using Sip.Model;
using static TorchSharp.torch;

namespace Sip.Training.Objectives;

/// <summary>
/// The objectives as gradient accumulation over micro-batches: each function runs forward and backward on chunks of at
/// most <c>microBatch</c> sequences, scaled so the accumulated gradient equals that of the whole batch's loss, and
/// returns the loss and its statistics. The caller then takes one optimizer step (<see cref="PolicyUpdater.Step"/>).
/// </summary>
public static class ObjectiveSteps
{
    /// <summary>Statistics of an NLL step.</summary>
    public sealed record NllStats(double Loss, long Tokens);

    /// <summary>Mean NLL over the continuation tokens of all <paramref name="sequences"/> (RF-NLL, SFT, and NTP on the suffix).</summary>
    public static NllStats Nll(PolicyUpdater updater, IReadOnlyList<ContinuationSequence> sequences, bool continuationOnly, int microBatch, int padId)
    {
        if (sequences.Count == 0) return new NllStats(0, 0);
        long total = sequences.Sum(s => (long)TokenLosses.CountedTokens(s, continuationOnly));
        double loss = 0;
        foreach (var chunk in sequences.Chunk(microBatch))
        {
            using var scope = NewDisposeScope();
            var logProbs = TokenLosses.CountedLogProbs(updater.Compute, chunk, continuationOnly, padId);
            var chunkLoss = -logProbs.sum() / total;
            ThrowIfNotFinite(chunkLoss, "the NLL loss");
            updater.Backward(chunkLoss);
            loss += chunkLoss.item<float>();
        }
        return new NllStats(loss, total);
    }

    /// <summary>Statistics of a DPO step, with TRL's names in mind.</summary>
    public sealed record DpoStats(double Loss, double Accuracy, double ChosenReward, double RejectedReward,
        double ChosenLogProb, double RejectedLogProb, double KlEstimate, int Pairs);

    /// <summary>
    /// Online DPO on (chosen, rejected) pairs against <paramref name="reference"/> (frozen, no gradient). A pair's two
    /// continuations follow one context, which is encoded once for both.
    /// </summary>
    public static DpoStats Dpo(PolicyUpdater updater, LlamaModel reference, IReadOnlyList<PreferenceContinuations> pairs,
        DpoSettings settings, int microBatch, int padId)
    {
        if (pairs.Count == 0) return new DpoStats(0, 0, 0, 0, 0, 0, 0, 0);
        int pairsPerChunk = Math.Max(1, microBatch / 2);
        double loss = 0, accuracy = 0, chosenReward = 0, rejectedReward = 0, chosenLogProb = 0, rejectedLogProb = 0, kl = 0;
        foreach (var chunk in pairs.Chunk(pairsPerChunk))
        {
            using var scope = NewDisposeScope();
            // One group of two rows per pair (chosen, then rejected) over the pair's context.
            using var batch = SharedPrefixBatch.Build(chunk.Select(p => p.ToGroup()).ToList(), padId);
            var chosenRows = arange(0, 2 * chunk.Length, 2, dtype: ScalarType.Int64);
            var rejectedRows = arange(1, 2 * chunk.Length, 2, dtype: ScalarType.Int64);
            var policyTokens = TokenLosses.TargetLogProbs(batch.Logits(updater.Compute), batch);
            Tensor referenceTokens;
            using (no_grad()) referenceTokens = TokenLosses.TargetLogProbs(batch.Logits(reference), batch);
            var lengths = batch.LossMask.sum(-1).clamp_min(1);
            var policyLogProbs = policyTokens.sum(-1);
            var referenceLogProbs = referenceTokens.sum(-1);
            if (settings.LengthNormalize)
            {
                policyLogProbs /= lengths;
                referenceLogProbs /= lengths;
            }
            int n = chunk.Length;
            var policyChosen = policyLogProbs.index_select(0, chosenRows);
            var policyRejected = policyLogProbs.index_select(0, rejectedRows);
            using var output = DpoLoss.Compute(policyChosen, policyRejected,
                referenceLogProbs.index_select(0, chosenRows), referenceLogProbs.index_select(0, rejectedRows), settings.Beta);
            double share = (double)n / pairs.Count;
            var chunkLoss = output.Loss * share;
            if (settings.NllWeight > 0)
            {
                var chosenNll = -policyTokens.index_select(0, chosenRows).sum() / batch.LossMask.index_select(0, chosenRows).sum().clamp_min(1);
                chunkLoss += settings.NllWeight * chosenNll * share;
            }
            ThrowIfNotFinite(chunkLoss, "the DPO loss");
            updater.Backward(chunkLoss);

            loss += chunkLoss.item<float>();
            accuracy += output.Accuracy * share;
            chosenReward += output.ChosenRewards.mean().item<float>() * share;
            rejectedReward += output.RejectedRewards.mean().item<float>() * share;
            chosenLogProb += policyChosen.detach().mean().item<float>() * share;
            rejectedLogProb += policyRejected.detach().mean().item<float>() * share;
            // log πθ − log πref on the scored sequences: a sample estimate of KL(πθ‖πref) where they are the policy's own.
            kl += (policyTokens.detach().sum(-1) - referenceTokens.sum(-1)).mean().item<float>() * share;
        }
        return new DpoStats(loss, accuracy, chosenReward, rejectedReward, chosenLogProb, rejectedLogProb, kl, pairs.Count);
    }

    private static void ThrowIfNotFinite(Tensor loss, string what)
    {
        if (!double.IsFinite(loss.item<float>())) throw new NonFiniteLossException(what);
    }
}

/// <summary>Thrown inside an objective when its loss is NaN or infinite; the trainer turns it into a <see cref="TrainingDivergedException"/> with the step and checkpoint.</summary>
public sealed class NonFiniteLossException(string quantity) : Exception($"{quantity} is not finite")
{
    public string Quantity { get; } = quantity;
}

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
        long total = sequences.Sum(s => (long)s.Continuation.Length + (continuationOnly ? 0 : s.Context.Length - 1));
        double loss = 0;
        foreach (var chunk in sequences.Chunk(microBatch))
        {
            using var scope = NewDisposeScope();
            using var batch = TokenBatch.Build(chunk.Select(s => (s.Context, s.Continuation)).ToList(), continuationOnly, padId);
            var logProbs = TokenLosses.TargetLogProbs(updater.Compute.forward(batch.Inputs), batch);
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

    /// <summary>Online DPO on (chosen, rejected) pairs against <paramref name="reference"/> (frozen, no gradient).</summary>
    public static DpoStats Dpo(PolicyUpdater updater, LlamaModel reference, IReadOnlyList<(ContinuationSequence Chosen, ContinuationSequence Rejected)> pairs,
        DpoSettings settings, int microBatch, int padId)
    {
        if (pairs.Count == 0) return new DpoStats(0, 0, 0, 0, 0, 0, 0, 0);
        int pairsPerChunk = Math.Max(1, microBatch / 2);
        double loss = 0, accuracy = 0, chosenReward = 0, rejectedReward = 0, chosenLogProb = 0, rejectedLogProb = 0, kl = 0;
        foreach (var chunk in pairs.Chunk(pairsPerChunk))
        {
            using var scope = NewDisposeScope();
            // Chosen rows first, rejected rows after, in one forward pass.
            var sequences = chunk.Select(p => p.Chosen).Concat(chunk.Select(p => p.Rejected)).ToList();
            using var batch = TokenBatch.Build(sequences.Select(s => (s.Context, s.Continuation)).ToList(), continuationOnly: true, padId);
            var policyTokens = TokenLosses.TargetLogProbs(updater.Compute.forward(batch.Inputs), batch);
            Tensor referenceTokens;
            using (no_grad()) referenceTokens = TokenLosses.TargetLogProbs(reference.forward(batch.Inputs), batch);
            var lengths = batch.LossMask.sum(-1).clamp_min(1);
            var policyLogProbs = policyTokens.sum(-1);
            var referenceLogProbs = referenceTokens.sum(-1);
            if (settings.LengthNormalize)
            {
                policyLogProbs /= lengths;
                referenceLogProbs /= lengths;
            }
            int n = chunk.Length;
            using var output = DpoLoss.Compute(policyLogProbs.narrow(0, 0, n), policyLogProbs.narrow(0, n, n),
                referenceLogProbs.narrow(0, 0, n), referenceLogProbs.narrow(0, n, n), settings.Beta);
            double share = (double)n / pairs.Count;
            var chunkLoss = output.Loss * share;
            if (settings.NllWeight > 0)
            {
                var chosenNll = -policyTokens.narrow(0, 0, n).sum() / batch.LossMask.narrow(0, 0, n).sum().clamp_min(1);
                chunkLoss += settings.NllWeight * chosenNll * share;
            }
            ThrowIfNotFinite(chunkLoss, "the DPO loss");
            updater.Backward(chunkLoss);

            loss += chunkLoss.item<float>();
            accuracy += output.Accuracy * share;
            chosenReward += output.ChosenRewards.mean().item<float>() * share;
            rejectedReward += output.RejectedRewards.mean().item<float>() * share;
            var detached = policyLogProbs.detach();
            chosenLogProb += detached.narrow(0, 0, n).mean().item<float>() * share;
            rejectedLogProb += detached.narrow(0, n, n).mean().item<float>() * share;
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

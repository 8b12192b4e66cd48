using Sip.Data;
using Sip.Model;
using Sip.Model.Generation;
using Sip.Training.Objectives;
using static TorchSharp.torch;

namespace Sip.Training.Grpo;

/// <summary>
/// GRPO's two halves: sample a batch (P prompts × G completions through the shared-prefix fan-out, scored by the
/// task) and update on it (μ times). The trainer orchestrates them; the math is in <see cref="GroupAdvantages"/> and
/// <see cref="GrpoLoss"/>.
/// </summary>
public sealed class GrpoStep(GrpoSettings settings, IGrpoTask task, ITokenizer tokenizer)
{
    /// <summary>Samples G completions of each prompt from <paramref name="policy"/> and scores them.</summary>
    /// <param name="prompts">the batch's prompts</param>
    /// <param name="policy">the model that samples (the bf16 replica in mixed precision)</param>
    /// <param name="generator">the seeded source of every draw</param>
    /// <param name="rolloutSeconds">wall seconds of the sampling alone (the rest is the reward function's)</param>
    public GrpoBatch Sample(IReadOnlyList<GrpoPrompt> prompts, LlamaModel policy, Generator generator, out double rolloutSeconds)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int? stop = task.StopToken;
        IReadOnlyList<Continuation> sampled;
        bool wasTraining = policy.training;
        policy.eval();
        try
        {
            sampled = TextGenerator.Generate(policy, prompts.Select(p => p.Tokens).ToList(), settings.Group, settings.MaxCompletionTokens,
                settings.Sampling, generator, stop, tokenizer.PadId);
        }
        finally
        {
            if (wasTraining) policy.train();
        }
        rolloutSeconds = clock.Elapsed.TotalSeconds;
        var completions = sampled.Select(c => new GrpoCompletion(prompts[c.PromptIndex], c.Tokens, tokenizer.Decode(c.Tokens), Truncated: stop is not null && !c.Stopped)).ToList();
        var rewards = task.Score(completions);
        foreach (var r in rewards)
            if (!double.IsFinite(r.Value)) throw new InvalidOperationException($"the reward function '{task.Name}' returned {r.Value}; rewards must be finite");
        return GrpoBatch.Build(prompts, completions, rewards, settings.Group, settings.Variant, settings.MicroBatch);
    }

    /// <summary>What one update over a batch measured, as sums over its counted tokens.</summary>
    public sealed record UpdateStats(double Loss, double Tokens, double LowClipped, double HighClipped, double KlSum, double EntropySum);

    /// <summary>
    /// Accumulates the gradient of the batch's GRPO loss into <paramref name="updater"/>, chunk by chunk.
    /// <paramref name="iteration"/> is 0 for the first update after sampling; with μ > 1 that update also records πold
    /// (and πref) for the later ones.
    /// </summary>
    public UpdateStats Update(GrpoBatch batch, PolicyUpdater updater, LlamaModel? reference, int iteration)
    {
        var loss = settings.Loss;
        bool keepForLater = settings.Iterations > 1 && iteration == 0;
        double total = 0, tokens = 0, low = 0, high = 0, kl = 0, entropy = 0;
        updater.Compute.train();
        foreach (var chunk in batch.Chunks)
        {
            using var scope = NewDisposeScope();
            using var layout = SharedPrefixBatch.Build(chunk.Groups, tokenizer.PadId);
            var mask = layout.LossMask;
            if (settings.MaskTruncated)
            {
                var keep = Enumerable.Range(0, layout.Rows).Select(r => batch.Completions[chunk.FirstCompletion + r].Truncated ? 0f : 1f).ToArray();
                mask = mask * tensor(keep).unsqueeze(1);
            }
            // One log-softmax serves the loss (the targets' log-probabilities) and the entropy metric.
            var logProbs = TokenLosses.LogProbs(layout.Logits(updater.Compute));
            var policy = TokenLosses.PickTargets(logProbs, layout.Targets, mask);
            if (keepForLater) chunk.Old = policy.detach().clone().MoveToOuterDisposeScope();
            Tensor? referenceLogProbs = chunk.Reference;
            if (settings.Beta > 0 && referenceLogProbs is null)
            {
                using (no_grad()) referenceLogProbs = TokenLosses.TargetLogProbs(layout.Logits(reference!), layout.Targets, mask);
                if (keepForLater) chunk.Reference = referenceLogProbs.MoveToOuterDisposeScope();
            }
            var advantages = tensor(batch.Advantages.Skip(chunk.FirstCompletion).Take(layout.Rows).Select(a => (float)a).ToArray());
            using var output = GrpoLoss.Compute(policy, iteration == 0 ? null : chunk.Old, referenceLogProbs, advantages, mask, loss, batch.Completions.Count);
            if (!double.IsFinite(output.Loss.item<float>())) throw new NonFiniteLossException("the GRPO loss");
            updater.Backward(output.Loss);
            total += output.Loss.item<float>();
            tokens += output.Tokens;
            low += output.LowClipped;
            high += output.HighClipped;
            kl += output.KlSum;
            using (no_grad()) entropy += (TokenLosses.Entropy(logProbs.detach()) * mask).sum().item<float>();
        }
        return new UpdateStats(total, tokens, low, high, kl, entropy);
    }
}

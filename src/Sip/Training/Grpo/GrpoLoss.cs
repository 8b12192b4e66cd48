using static TorchSharp.torch;

namespace Sip.Training.Grpo;

/// <summary>
/// The clipped group-relative policy-gradient loss, per token t of completion i:
/// <code>
///   ρ = exp(log πθ − log πold)
///   ℓ = −min(ρ·A_i, clip(ρ, 1 − ε_low, 1 + ε_high)·A_i) + β·k3,   k3 = exp(log πref − log πθ) − (log πref − log πθ) − 1
/// </code>
/// averaged per completion then over completions (<see cref="GrpoVariant.Grpo"/>), or summed and divided by
/// completions × budget (<see cref="GrpoVariant.DrGrpo"/>). On the first update after sampling πold is πθ itself
/// (detached), so ρ ≡ 1 and the gradient is A·∇log πθ; later updates on the same samples (μ > 1) are clipped.
/// k3 (Schulman's unbiased, always-positive estimator of KL(πθ‖πref)) is the one DeepSeekMath and TRL use.
/// </summary>
public static class GrpoLoss
{
    /// <summary>
    /// A chunk's share of the batch loss, and its token statistics as sums (so chunks add up): the loss of every chunk
    /// of a batch sums to the batch loss, whose gradient is what the update applies.
    /// </summary>
    public sealed record Output(Tensor Loss, double Tokens, double LowClipped, double HighClipped, double KlSum) : IDisposable
    {
        public void Dispose() => Loss.Dispose();
    }

    /// <param name="policy">log πθ of each completion token, [B, T], with gradient; 0 where <paramref name="mask"/> is 0</param>
    /// <param name="old">log πold, [B, T], or null on the first update after sampling (then πold = πθ, detached)</param>
    /// <param name="reference">log πref, [B, T], or null when β is 0</param>
    /// <param name="advantages">A of each completion, [B]</param>
    /// <param name="mask">1 where a token counts, [B, T]</param>
    /// <param name="settings">the variant, clip range and KL weight</param>
    /// <param name="totalCompletions">completions in the whole batch this chunk belongs to (the averages' denominator)</param>
    public static Output Compute(Tensor policy, Tensor? old, Tensor? reference, Tensor advantages, Tensor mask,
        GrpoLossSettings settings, int totalCompletions)
    {
        if (settings.Beta > 0 && reference is null) throw new ArgumentException("a KL term (beta > 0) needs the reference's log-probabilities", nameof(reference));
        using var scope = NewDisposeScope();
        var a = advantages.to(policy.dtype).unsqueeze(1);
        var ratio = (policy - (old ?? policy.detach())).exp();
        var clipped = ratio.clamp(1 - settings.Epsilon, 1 + settings.EpsilonHigh);
        var perToken = -minimum(ratio * a, clipped * a);
        double klSum = 0;
        if (settings.Beta > 0)
        {
            var delta = reference! - policy;
            var k3 = delta.exp() - delta - 1;
            perToken = perToken + settings.Beta * k3;
            klSum = Sum(k3.detach() * mask);
        }
        perToken = perToken * mask;
        var loss = settings.Variant == GrpoVariant.Grpo
            ? (perToken.sum(-1) / mask.sum(-1).clamp_min(1)).sum() / totalCompletions
            : perToken.sum() / ((double)totalCompletions * settings.Budget);

        double low, high;
        using (no_grad())
        {
            var r = ratio.detach();
            low = Sum(r.lt(1 - settings.Epsilon).logical_and(a.lt(0)).to(mask.dtype) * mask);
            high = Sum(r.gt(1 + settings.EpsilonHigh).logical_and(a.gt(0)).to(mask.dtype) * mask);
        }
        return new Output(loss.MoveToOuterDisposeScope(), Sum(mask), low, high, klSum);
    }

    private static double Sum(Tensor t) => t.sum().to(ScalarType.Float64).item<double>();
}

/// <summary>What <see cref="GrpoLoss"/> needs of the settings; <c>Budget</c> is Dr. GRPO's fixed token budget per completion (the maximum completion length).</summary>
public sealed record GrpoLossSettings(GrpoVariant Variant, double Epsilon, double EpsilonHigh, double Beta, int Budget);

using Sip.Training.Grpo;
using static TorchSharp.torch;

namespace Sip.Tests.Training.Grpo;

/// <summary>The clipped group-relative loss against values worked out by hand from its definition.</summary>
public class GrpoLossTests
{
    // Three completions of one prompt: lengths 2, 3 and 1 token (of 3 positions), advantages +1, −0.5, −0.5.
    private static readonly double[,] Mask = { { 1, 1, 0 }, { 1, 1, 1 }, { 1, 0, 0 } };
    private static readonly int[] Lengths = [2, 3, 1];
    private static readonly double[] A = [1, -0.5, -0.5];

    private static Tensor LogProbs(double value, bool grad = false) => (full(3, 3, value, dtype: ScalarType.Float64) * MaskTensor()).requires_grad_(grad);
    private static Tensor MaskTensor() => tensor(Mask);
    private static GrpoLossSettings Settings(GrpoVariant variant, double beta = 0, int budget = 4) => new(variant, 0.2, 0.2, beta, budget);

    private static double[,] Gradient(Tensor policy)
    {
        var g = policy.grad!.data<double>().ToArray();
        var result = new double[3, 3];
        for (int i = 0; i < 9; i++) result[i / 3, i % 3] = g[i];
        return result;
    }

    [Fact]
    public void OnPolicy_Grpo_GradientIsMinusAOverLengthOverCompletions()
    {
        var policy = LogProbs(-1.0, grad: true);
        using var output = GrpoLoss.Compute(policy, old: null, reference: null, tensor(A), MaskTensor(), Settings(GrpoVariant.Grpo), totalCompletions: 3);
        output.Loss.backward();

        // ρ ≡ 1, so the loss is −mean_i A_i = 0 here (advantages centred), and ∂/∂logπ(t of i) = −A_i / (|o_i| · 3).
        Assert.Equal(0, output.Loss.item<double>(), 12);
        var g = Gradient(policy);
        for (int i = 0; i < 3; i++)
            for (int t = 0; t < 3; t++)
                Assert.Equal(Mask[i, t] * -A[i] / (Lengths[i] * 3), g[i, t], 12);
        Assert.Equal(6, output.Tokens);
    }

    [Fact]
    public void OnPolicy_DrGrpo_GradientIsMinusAOverTheFixedBudget()
    {
        var policy = LogProbs(-1.0, grad: true);
        using var output = GrpoLoss.Compute(policy, null, null, tensor(A), MaskTensor(), Settings(GrpoVariant.DrGrpo, budget: 4), totalCompletions: 3);
        output.Loss.backward();

        // Every token weighs the same, whatever its completion's length: −A_i / (3 completions · 4 tokens).
        var g = Gradient(policy);
        for (int i = 0; i < 3; i++)
            for (int t = 0; t < 3; t++)
                Assert.Equal(Mask[i, t] * -A[i] / 12, g[i, t], 12);
        // Loss = −Σ_i A_i·|o_i| / 12 = −(2 − 1.5 − 0.5) / 12 = 0.
        Assert.Equal(0, output.Loss.item<double>(), 12);
    }

    [Fact]
    public void RatioAboveTheClip_StopsTheGradientOfPositiveAdvantagesOnly()
    {
        // ρ = 1.5 > 1 + ε: a positive advantage takes min(1.5A, 1.2A) = 1.2A (clipped, no gradient); a negative one
        // takes min(1.5A, 1.2A) = 1.5A (the pessimistic side, gradient −ρA).
        var old = LogProbs(-1.0);
        var policy = (old + Math.Log(1.5) * MaskTensor()).detach().requires_grad_(true);
        using var output = GrpoLoss.Compute(policy, old, null, tensor(A), MaskTensor(), Settings(GrpoVariant.Grpo), totalCompletions: 3);
        output.Loss.backward();

        var g = Gradient(policy);
        Assert.Equal(0, g[0, 0], 12);
        Assert.Equal(0.5 * 1.5 / (3 * 3), g[1, 0], 12);
        Assert.Equal(0.5 * 1.5 / (1 * 3), g[2, 0], 12);
        Assert.Equal(2, output.HighClipped); // the positive completion's two tokens
        Assert.Equal(0, output.LowClipped);
        // Loss = (−1.2·1 + 1.5·0.5 + 1.5·0.5) / 3 per completion means.
        Assert.Equal((-1.2 + 0.75 + 0.75) / 3, output.Loss.item<double>(), 12);
    }

    [Fact]
    public void RatioBelowTheClip_StopsTheGradientOfNegativeAdvantagesOnly()
    {
        var old = LogProbs(-1.0);
        var policy = (old + Math.Log(0.5) * MaskTensor()).detach().requires_grad_(true);
        using var output = GrpoLoss.Compute(policy, old, null, tensor(A), MaskTensor(), Settings(GrpoVariant.Grpo), totalCompletions: 3);
        output.Loss.backward();

        var g = Gradient(policy);
        Assert.Equal(-1 * 0.5 / (2 * 3), g[0, 1], 12);
        Assert.Equal(0, g[1, 2], 12);
        Assert.Equal(0, g[2, 0], 12);
        Assert.Equal(4, output.LowClipped);
        Assert.Equal(0, output.HighClipped);
    }

    [Fact]
    public void KlTerm_AddsBetaTimesK3_AndItsGradient()
    {
        // log πref − log πθ = −0.5 on every token: k3 = e^−0.5 + 0.5 − 1, ∂k3/∂logπθ = 1 − e^−0.5.
        var policy = LogProbs(-1.0, grad: true);
        var reference = LogProbs(-1.5);
        double beta = 0.1, k3 = Math.Exp(-0.5) - 0.5, dk3 = 1 - Math.Exp(-0.5);
        using var output = GrpoLoss.Compute(policy, null, reference, tensor(A), MaskTensor(), Settings(GrpoVariant.Grpo, beta), totalCompletions: 3);
        output.Loss.backward();

        Assert.Equal(beta * k3, output.Loss.item<double>(), 12); // the policy term is 0 (centred advantages)
        Assert.Equal(6 * k3, output.KlSum, 12);
        var g = Gradient(policy);
        Assert.Equal(-A[0] / (2 * 3) + beta * dk3 / (2 * 3), g[0, 0], 12);
        Assert.Equal(-A[1] / (3 * 3) + beta * dk3 / (3 * 3), g[1, 1], 12);
    }

    [Fact]
    public void ChunksOfOneBatch_SumToTheWholeBatchLoss()
    {
        var values = tensor(new double[,] { { -0.3, -1.2, 0 }, { -2.0, -0.1, -0.7 }, { -0.9, 0, 0 } }) * MaskTensor();
        var adv = tensor(A);
        var settings = Settings(GrpoVariant.Grpo);
        using var whole = GrpoLoss.Compute(values, null, null, adv, MaskTensor(), settings, 3);
        using var first = GrpoLoss.Compute(values[..2], null, null, adv[..2], MaskTensor()[..2], settings, 3);
        using var second = GrpoLoss.Compute(values[2..], null, null, adv[2..], MaskTensor()[2..], settings, 3);

        Assert.Equal(whole.Loss.item<double>(), first.Loss.item<double>() + second.Loss.item<double>(), 12);
    }

    [Fact]
    public void AKlTermWithoutAReference_IsRefused() =>
        Assert.Throws<ArgumentException>(() => GrpoLoss.Compute(LogProbs(-1), null, null, tensor(A), MaskTensor(), Settings(GrpoVariant.Grpo, beta: 0.1), 3));
}

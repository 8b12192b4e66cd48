using Sip.Model.Generation;
using static TorchSharp.torch;

namespace Sip.Tests.Model;

public class TokenSamplerTests
{
    private static Tensor Logits(params double[] probabilities) => tensor(probabilities.Select(p => (float)Math.Log(p)).ToArray(), dtype: ScalarType.Float32).unsqueeze(0);

    private static double[] Frequencies(Tensor logits, SamplingSettings settings, int draws = 20000)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(5);
        var counts = new double[logits.shape[1]];
        var rows = logits.expand(draws, -1);
        foreach (var id in TokenSampler.Next(rows, settings, generator).data<long>()) counts[id]++;
        return counts.Select(c => c / draws).ToArray();
    }

    [Fact]
    public void Greedy_PicksTheArgmax() =>
        Assert.Equal(2L, TokenSampler.Next(Logits(0.2, 0.3, 0.5), SamplingSettings.Greedy, new Generator(1)).item<long>());

    [Fact]
    public void TemperatureOne_SamplesTheModelDistribution()
    {
        var f = Frequencies(Logits(0.1, 0.2, 0.7), new SamplingSettings());
        Assert.Equal(0.1, f[0], 1.5e-2);
        Assert.Equal(0.2, f[1], 1.5e-2);
        Assert.Equal(0.7, f[2], 1.5e-2);
    }

    [Fact]
    public void TemperatureTwo_Flattens_AsSquareRootsOfTheProbabilities()
    {
        var f = Frequencies(Logits(0.2, 0.8), new SamplingSettings { Temperature = 2.0 });
        Assert.Equal(Math.Sqrt(0.2) / (Math.Sqrt(0.2) + Math.Sqrt(0.8)), f[0], 1.5e-2); // 1/3
    }

    [Fact]
    public void TopK_KeepsOnlyTheKMostLikely_Renormalised()
    {
        var f = Frequencies(Logits(0.1, 0.3, 0.6), new SamplingSettings { TopK = 2 });
        Assert.Equal(0.0, f[0]);
        Assert.Equal(1.0 / 3, f[1], 1.5e-2);
    }

    [Fact]
    public void TopP_KeepsTheSmallestSetReachingTheMass()
    {
        // Sorted: 0.5, 0.3, 0.15, 0.05. top_p 0.75 keeps 0.5 and 0.3 (mass before the third is 0.8 ≥ 0.75).
        var f = Frequencies(Logits(0.15, 0.5, 0.05, 0.3), new SamplingSettings { TopP = 0.75 });
        Assert.Equal(0.0, f[0]);
        Assert.Equal(0.0, f[2]);
        Assert.Equal(0.5 / 0.8, f[1], 1.5e-2);
        // A tiny top_p still keeps the most likely token.
        var g = Frequencies(Logits(0.15, 0.5, 0.05, 0.3), new SamplingSettings { TopP = 1e-6 });
        Assert.Equal(1.0, g[1]);
    }

    [Fact]
    public void GivenUniforms_InvertTheCumulativeDistribution()
    {
        // Probabilities 0.2, 0.3, 0.5: cumulative 0.2, 0.5, 1.0, so u in [0, 0.2) draws 0, [0.2, 0.5) draws 1, the rest 2.
        using var scope = NewDisposeScope();
        var logits = Logits(0.2, 0.3, 0.5).expand(6, -1);
        var uniforms = tensor(new[] { 0.0f, 0.19f, 0.21f, 0.49f, 0.51f, 0.999f }).view(6, 1);
        Assert.Equal([0L, 0L, 1L, 1L, 2L, 2L], TokenSampler.Next(logits, new SamplingSettings(), uniforms).data<long>().ToArray());
        // Top-k 2 keeps 0.3 and 0.5, renormalised to 0.375 and 0.625: a draw of 0.1 now takes token 1, never token 0.
        Assert.Equal(1L, TokenSampler.Next(Logits(0.2, 0.3, 0.5), new SamplingSettings { TopK = 2 }, tensor(new[] { 0.1f }).view(1, 1)).item<long>());
    }
}

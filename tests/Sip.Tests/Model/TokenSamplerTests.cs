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
    public void GivenUniforms_DrawWhatTheGeneratorWouldHave()
    {
        using var scope = NewDisposeScope();
        var logits = randn([6, 50], generator: new Generator(2));
        var settings = new SamplingSettings { TopP = 0.9 };
        var fromGenerator = TokenSampler.Next(logits, settings, new Generator(11));
        var fromUniforms = TokenSampler.Next(logits, settings, rand([6, 1], dtype: ScalarType.Float32, generator: new Generator(11)));
        Assert.Equal(fromGenerator.data<long>().ToArray(), fromUniforms.data<long>().ToArray());
    }
}

using Sip.Model;
using Sip.Model.Caching;
using Sip.Model.Generation;
using static TorchSharp.torch;

namespace Sip.Tests.Model;

public class GenerationTests
{
    [Fact]
    public void CachedDecoding_GivesTheLogitsOfAFullPass()
    {
        using var model = TinyModels.Create();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        long[] sequence = [1, 9, 14, 27, 3, 44, 50, 7, 7, 12, 31, 2, 19, 40, 22, 5];
        var full = model.forward(tensor(sequence).unsqueeze(0)).squeeze(0);

        using var cache = new KvCache(model.Config, rows: 1, capacity: sequence.Length, model.DType);
        var prefill = model.Forward(tensor(sequence[..10]).unsqueeze(0), cache, lastOnly: false).squeeze(0);
        var steps = new List<Tensor> { prefill };
        for (int t = 10; t < sequence.Length; t++)
            steps.Add(model.Forward(tensor(new[] { sequence[t] }).unsqueeze(0), cache, lastOnly: false).squeeze(0));
        var incremental = cat(steps, 0);

        Assert.True((full - incremental).abs().max().item<float>() <= 1e-5f);
    }

    [Fact]
    public void LeftPaddedRows_DecodeExactlyAsIfAlone()
    {
        using var model = TinyModels.Create();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        long[] shortRow = [1, 30, 8], longRow = [1, 4, 4, 18, 52, 11, 9];
        long[] nextShort = [13, 29], nextLong = [6, 47];

        using var cache = new KvCache(model.Config, rows: 2, capacity: 9, model.DType, leftPad: [4, 0]);
        var padded = tensor(new long[] { 0, 0, 0, 0, 1, 30, 8, 1, 4, 4, 18, 52, 11, 9 }).view(2, 7);
        var prefill = model.Forward(padded, cache, lastOnly: true).squeeze(1);
        var step1 = model.Forward(tensor(new[] { nextShort[0], nextLong[0] }).view(2, 1), cache, true).squeeze(1);
        var step2 = model.Forward(tensor(new[] { nextShort[1], nextLong[1] }).view(2, 1), cache, true).squeeze(1);

        var aloneShort = model.forward(tensor(shortRow.Concat(nextShort).ToArray()).unsqueeze(0)).squeeze(0);
        var aloneLong = model.forward(tensor(longRow.Concat(nextLong).ToArray()).unsqueeze(0)).squeeze(0);
        var expectedShort = stack([aloneShort[2], aloneShort[3], aloneShort[4]]);
        var expectedLong = stack([aloneLong[6], aloneLong[7], aloneLong[8]]);
        var batched = stack([prefill, step1, step2]); // [3, 2, V]

        Assert.True((batched.select(1, 0) - expectedShort).abs().max().item<float>() <= 1e-5f);
        Assert.True((batched.select(1, 1) - expectedLong).abs().max().item<float>() <= 1e-5f);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void FannedOutRows_AttendToTheirSharedPrompt_ExactlyAsIfEachHadItsOwnCopy(bool gqa)
    {
        using var model = TinyModels.Create(gqa);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // Two prompts of different lengths (left padding), three rows each, every row continuing with its own tokens.
        long[][] promptTokens = [[1, 30, 8], [1, 4, 4, 18, 52]];
        long[][] own = [[13, 29, 3], [6, 47, 9], [13, 2, 2], [5, 5, 5], [44, 1, 60], [7, 8, 9]];

        using var prefill = new KvCache(model.Config, rows: 2, capacity: 5, model.DType, leftPad: [2, 0]);
        model.Forward(tensor(new long[] { 0, 0, 1, 30, 8, 1, 4, 4, 18, 52 }).view(2, 5), prefill, lastOnly: true);
        using var cache = new FanOutKvCache(model.Config, prefill.ToSharedPrefix(), group: 3, capacity: 3, model.DType);
        var firstStep = model.Forward(tensor(own.Select(r => r[0]).ToArray()).view(6, 1), cache, lastOnly: false);
        var lastTwo = model.Forward(tensor(own.SelectMany(r => r[1..]).ToArray()).view(6, 2), cache, lastOnly: false); // a 2-token pass: causal within own tokens
        var fannedOut = cat([firstStep, lastTwo], 1); // [6, 3, V]

        for (int row = 0; row < 6; row++)
        {
            var alone = model.forward(tensor(promptTokens[row / 3].Concat(own[row]).ToArray()).unsqueeze(0)).squeeze(0);
            var expected = alone.narrow(0, promptTokens[row / 3].Length, 3);
            Assert.True((fannedOut[row] - expected).abs().max().item<float>() <= 1e-5f, $"row {row}");
        }
    }

    [Fact]
    public void GreedyTokens_AreTheSameWithAndWithoutTheCache()
    {
        using var model = TinyModels.Create();
        int[][] prompts = [[1, 5, 9], [1, 22, 40, 13, 7, 2], [1]];
        var cached = TextGenerator.Generate(model, prompts, 2, 20, SamplingSettings.Greedy, new Generator(1), useCache: true);
        var uncached = TextGenerator.Generate(model, prompts, 2, 20, SamplingSettings.Greedy, new Generator(1), useCache: false);

        Assert.Equal(cached.Select(c => c.Tokens), uncached.Select(c => c.Tokens));
        Assert.All(cached, c => Assert.Equal(20, c.Tokens.Length));
        Assert.Equal(cached[0].Tokens, cached[1].Tokens); // greedy fan-out rows agree
    }

    [Fact]
    public void SampledRollouts_AreSeededAndTheSameWithAndWithoutTheCache()
    {
        using var model = TinyModels.Create();
        int[][] prompts = [[1, 5, 9], [1, 22, 40, 13]];
        var sampling = new SamplingSettings { Temperature = 1.0 };
        var a = TextGenerator.Generate(model, prompts, 4, 16, sampling, new Generator(99));
        var b = TextGenerator.Generate(model, prompts, 4, 16, sampling, new Generator(99));
        var c = TextGenerator.Generate(model, prompts, 4, 16, sampling, new Generator(100));
        var uncached = TextGenerator.Generate(model, prompts, 4, 16, sampling, new Generator(99), useCache: false);

        Assert.Equal(a.Select(x => x.Tokens), b.Select(x => x.Tokens));
        Assert.Equal(a.Select(x => x.Tokens), uncached.Select(x => x.Tokens));
        Assert.NotEqual(a.Select(x => x.Tokens), c.Select(x => x.Tokens));
        Assert.True(a.Where(x => x.PromptIndex == 0).Select(x => string.Join(",", x.Tokens)).Distinct().Count() > 1,
            "the K rollouts of one prompt should differ at temperature 1");
        Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], a.Select(x => x.PromptIndex));
        Assert.Equal([0, 1, 2, 3, 0, 1, 2, 3], a.Select(x => x.SampleIndex));
    }

    [Fact]
    public void StopToken_EndsARowAndIsKept()
    {
        using var model = TinyModels.Create();
        int[][] prompts = [[1, 5, 9]];
        var free = TextGenerator.Generate(model, prompts, 1, 12, SamplingSettings.Greedy, new Generator(1))[0];
        int stop = free.Tokens[3];
        int firstStop = Array.IndexOf(free.Tokens, stop);

        var stopped = TextGenerator.Generate(model, prompts, 1, 12, SamplingSettings.Greedy, new Generator(1), stopToken: stop)[0];

        Assert.True(stopped.Stopped);
        Assert.Equal(free.Tokens[..(firstStop + 1)], stopped.Tokens);
    }

    [Fact]
    public void TooLongARequest_IsRefusedBeforeAnyWork()
    {
        using var model = TinyModels.Create();
        var error = Assert.Throws<ArgumentException>(() =>
            TextGenerator.Generate(model, [new int[60]], 1, 10, SamplingSettings.Greedy, new Generator(1)));
        Assert.Contains("exceeds the model's maxSeqLen 64", error.Message);
    }
}

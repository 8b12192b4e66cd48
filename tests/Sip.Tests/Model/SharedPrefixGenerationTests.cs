using Sip.Model.Caching;
using Sip.Model.Generation;
using static TorchSharp.torch;

namespace Sip.Tests.Model;

/// <summary>Prompts that share a prefix: it is prefilled once, and what each prompt goes on with attends to its cached keys.</summary>
public class SharedPrefixGenerationTests
{
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void RemaindersOfDifferentLengths_OverOneCachedPrefix_GiveTheLogitsOfEachWholePrompt(bool gqa, bool fusedPasses)
    {
        using var model = TinyModels.Create(gqa);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        long[] prefix = [1, 30, 8, 12];
        long[][] remainders = [[13, 29, 3], [6], [44, 1, 60, 2, 5]];
        long[][] next = [[7, 9], [50, 4], [11, 11]];
        const int width = 5;

        using var prefill = new KvCache(model.Config, rows: 1, capacity: prefix.Length, model.DType);
        model.Prefill(tensor(prefix).unsqueeze(0), prefill);
        var ownPad = remainders.Select(r => (long)(width - r.Length)).ToArray();
        using var cache = new FanOutKvCache(model.Config, prefill.ToSharedPrefix(), group: 3, capacity: width + 2, model.DType, ownLeftPad: ownPad, fusedPasses: fusedPasses);
        var padded = tensor(remainders.SelectMany(r => Enumerable.Repeat(0L, width - r.Length).Concat(r)).ToArray()).view(3, width);
        var steps = new List<Tensor> { model.Forward(padded, cache, lastOnly: true) };
        for (int t = 0; t < 2; t++) steps.Add(model.Forward(tensor(next.Select(n => n[t]).ToArray()).view(3, 1), cache, lastOnly: true));
        var shared = cat(steps, 1); // [3, 3, V]

        for (int row = 0; row < 3; row++)
        {
            long[] whole = [.. prefix, .. remainders[row], .. next[row]];
            var alone = model.forward(tensor(whole).unsqueeze(0)).squeeze(0);
            var expected = alone.narrow(0, prefix.Length + remainders[row].Length - 1, 3);
            Assert.True((shared[row] - expected).abs().max().item<float>() <= 1e-5f, $"row {row}");
        }
    }

    [Fact]
    public void RowsInBlocks_EachOverItsOwnPrefix_DecodeInOneBatch_AsIfEachBlockRanAlone()
    {
        using var model = TinyModels.Create();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        long[][] prefixes = [[1, 30, 8], [1, 4, 4, 18, 52]];
        long[][] own = [[13, 29], [6, 47], [44, 1]]; // rows 0 and 1 continue prefix 0, row 2 prefix 1

        using var prefill = new KvCache(model.Config, rows: 2, capacity: 5, model.DType, leftPad: [2, 0]);
        model.Prefill(tensor(new long[] { 0, 0, 1, 30, 8, 1, 4, 4, 18, 52 }).view(2, 5), prefill);
        using var shared = prefill.ToSharedPrefix();
        using var cache = new RowBlocksKvCache([
            new FanOutKvCache(model.Config, shared.Slice(0, 1), group: 2, capacity: 2, model.DType),
            new FanOutKvCache(model.Config, shared.Slice(1, 1), group: 1, capacity: 2, model.DType)]);
        var blocks = model.Forward(tensor(own.SelectMany(r => r).ToArray()).view(3, 2), cache, lastOnly: false);

        int[] prefixOf = [0, 0, 1];
        for (int row = 0; row < 3; row++)
        {
            var alone = model.forward(tensor(prefixes[prefixOf[row]].Concat(own[row]).ToArray()).unsqueeze(0)).squeeze(0);
            var expected = alone.narrow(0, prefixes[prefixOf[row]].Length, 2);
            Assert.True((blocks[row] - expected).abs().max().item<float>() <= 1e-5f, $"row {row}");
        }
    }

    /// <summary>Two "templates" (prompts 0-2 and 3-4 share their first tokens), one prompt alone, and a repeated prompt.</summary>
    private static readonly int[][] Batch =
    [
        [1, 7, 7, 30, 8, 12, 40, 2, 9],
        [1, 7, 7, 30, 8, 12, 40, 55],
        [1, 7, 7, 30, 8, 12, 40, 3, 3, 17, 21],
        [1, 7, 9, 22, 22, 5, 6, 14],
        [1, 7, 9, 22, 22, 5, 6, 14, 19, 20],
        [1, 50],
        [1, 7, 7, 30, 8, 12, 40, 55],
    ];

    [Fact]
    public void GreedyAnswers_SharingPrefixes_AreTheAnswersOfPrefillingEachPromptWhole()
    {
        using var model = TinyModels.Create();
        var plain = TextGenerator.Generate(model, Batch, 1, 12, SamplingSettings.Greedy, new Generator(1));
        var shared = TextGenerator.GenerateSharingPrefixes(model, Batch, SharedPrefixPlan.For(Batch), 12, SamplingSettings.Greedy, new Generator(1));

        Assert.Equal(plain.Select(c => c.Tokens), shared.Select(c => c.Tokens));
        Assert.Equal(Enumerable.Range(0, Batch.Length), shared.Select(c => c.PromptIndex));
    }

    [Fact]
    public void SampledAnswers_SharingPrefixes_DrawWhatEachPromptDrawsUnshared_AloneOrBatched()
    {
        using var model = TinyModels.Create();
        var sampling = new SamplingSettings { Temperature = 1.0 };
        var plain = TextGenerator.Generate(model, Batch, 1, 12, sampling, new Generator(5));
        var shared = TextGenerator.GenerateSharingPrefixes(model, Batch, SharedPrefixPlan.For(Batch), 12, sampling, new Generator(5));
        Assert.Equal(plain.Select(c => c.Tokens), shared.Select(c => c.Tokens));

        // A row's own draws (as a chat client passes them) follow it into any batch and any grouping.
        var draws = rand([Batch.Length, 12], generator: new Generator(8));
        var together = TextGenerator.GenerateSharingPrefixes(model, Batch, SharedPrefixPlan.For(Batch), 12, sampling, new Generator(0), uniforms: draws);
        int[][] one = [Batch[2]];
        var alone = TextGenerator.GenerateSharingPrefixes(model, one, SharedPrefixPlan.For(one), 12, sampling, new Generator(0), uniforms: draws.narrow(0, 2, 1));
        Assert.Equal(alone[0].Tokens, together[2].Tokens);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void PromptsThatShareNothing_StillDecode_AsEachWouldUnshared(int shards)
    {
        using var model = TinyModels.Create();
        int[][] prompts = [[1, 5, 9], [2, 22, 40, 13, 7], [3], [4, 4]];
        var plan = SharedPrefixPlan.For(prompts);
        var plain = TextGenerator.Generate(model, prompts, 1, 10, SamplingSettings.Greedy, new Generator(1));
        var shared = TextGenerator.GenerateSharingPrefixes(model, prompts, plan, 10, SamplingSettings.Greedy, new Generator(1), decodeShards: shards);

        Assert.Equal(0, plan.SharedTokens);
        Assert.Equal(plain.Select(c => c.Tokens), shared.Select(c => c.Tokens));
    }

    [Fact]
    public void ARowStop_EndsItsRowWhereItSaysTheAnswerIsComplete()
    {
        using var model = TinyModels.Create();
        var plan = SharedPrefixPlan.For(Batch);
        var free = TextGenerator.GenerateSharingPrefixes(model, Batch, plan, 12, SamplingSettings.Greedy, new Generator(1));

        // Prompt 1's answer is complete after its fourth token; the other rows decode on.
        var stopped = TextGenerator.GenerateSharingPrefixes(model, Batch, plan, 12, SamplingSettings.Greedy, new Generator(1),
            stopWhen: (row, tokens) => row == 1 && tokens.Length == 4);

        Assert.True(stopped[1].Stopped);
        Assert.Equal(free[1].Tokens[..4], stopped[1].Tokens);
        Assert.Equal(free.Where(c => c.PromptIndex != 1).Select(c => c.Tokens), stopped.Where(c => c.PromptIndex != 1).Select(c => c.Tokens));
    }

    [Fact]
    public void APlanForOtherPrompts_IsRefused()
    {
        using var model = TinyModels.Create();
        var error = Assert.Throws<ArgumentException>(() =>
            TextGenerator.GenerateSharingPrefixes(model, Batch, SharedPrefixPlan.For(Batch[..3]), 4, SamplingSettings.Greedy, new Generator(1)));
        Assert.Contains("the plan groups 3 prompts, not these 7", error.Message);
    }
}

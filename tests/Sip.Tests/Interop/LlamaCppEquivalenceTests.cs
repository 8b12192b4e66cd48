using Sip.Interop;
using Sip.Model;
using Sip.Model.Generation;
using Sip.Tests.Metrics;
using static TorchSharp.torch;

namespace Sip.Tests.Interop;

/// <summary>
/// The GGUF sip writes, run by llama.cpp itself (through LLamaSharp, in this process next to libtorch): same logits,
/// same greedy tokens, same tokenization. This is what proves the q/k permutation and the metadata right.
/// </summary>
public sealed class LlamaCppEquivalenceTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// fp32 on both sides (llama.cpp with an F32 KV cache and without flash attention, whose CPU kernel rounds to F16);
    /// the sums run in another order, so agreement is to rounding, not bits. Measured: 1.7e-5 on logits up to about 10;
    /// with q and k left unpermuted the difference is about 17.
    /// </summary>
    private const float LogitTolerance = 1e-4f;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ExportedGguf_GivesSipsLogitsAndGreedyTokens_InLlamaCpp(bool llama3RopeScaling)
    {
        var checkpoint = _dir.File("ckpt");
        var config = InteropModels.Config(extraVocab: 3);
        // An original context of 16 positions, so the scaling changes nearly every frequency within this short test.
        if (llama3RopeScaling)
            config = config with { RopeScaling = new RopeScaling { Type = RopeScaling.Llama3, Factor = 4, LowFreqFactor = 1, HighFreqFactor = 4, OriginalMaxPositions = 16 } };
        using var model = InteropModels.SaveCheckpoint(checkpoint, config);
        var gguf = _dir.File("model.gguf");
        GgufExporter.Export(checkpoint, gguf);
        var tokenizer = InteropModels.Tokenizer;
        int[] prompt = [tokenizer.BosId, .. tokenizer.Encode("the kaloter sunde plaing, 42 ranex!")];

        // sip: logits of every prompt position, then 32 greedy tokens with its KV cache.
        float[,] sipLogits;
        using (no_grad())
        {
            var all = model.forward(tensor(prompt.Select(t => (long)t).ToArray()).unsqueeze(0)).squeeze(0);
            sipLogits = new float[prompt.Length, model.Config.VocabSize];
            var flat = all.data<float>().ToArray();
            for (int t = 0; t < prompt.Length; t++)
                for (int v = 0; v < model.Config.VocabSize; v++) sipLogits[t, v] = flat[t * model.Config.VocabSize + v];
        }
        using var generator = new Generator(1);
        var sipTokens = TextGenerator.Generate(model, [prompt], 1, 32, SamplingSettings.Greedy, generator)[0].Tokens;

        using var runtime = LlamaCppSession.Open(gguf, contextSize: 128);
        Assert.Equal(model.Config.VocabSize, runtime.VocabCount);

        var cppLogits = runtime.DecodePrompt(prompt);
        float worst = 0;
        for (int t = 0; t < prompt.Length; t++)
            for (int v = 0; v < model.Config.VocabSize; v++) worst = Math.Max(worst, Math.Abs(cppLogits[t][v] - sipLogits[t, v]));
        Assert.True(worst < LogitTolerance, $"largest logit difference over {prompt.Length} positions: {worst}");

        var cppTokens = runtime.GreedyContinue(cppLogits[^1], prompt.Length, 32);
        Assert.Equal(sipTokens, cppTokens);
    }

    [Theory]
    [InlineData("the kaloter sunde plaing")]
    [InlineData("Hello, world! It's 2026: 12345 apples.")]
    [InlineData("  two  spaces\nnew line\n\nand tabs\t.")]
    [InlineData("don't YOU'LL we've x=1+2 (qu) [ex]")]
    public void LlamaCppTokenizer_SplitsAsciiTextLikeSip(string text)
    {
        var checkpoint = _dir.File("ckpt");
        using var _ = InteropModels.SaveCheckpoint(checkpoint, InteropModels.Config());
        var gguf = _dir.File("model.gguf");
        GgufExporter.Export(checkpoint, gguf);

        using var runtime = LlamaCppSession.Open(gguf, contextSize: 64);

        Assert.Equal(InteropModels.Tokenizer.Encode(text), runtime.Tokenize(text));
    }
}

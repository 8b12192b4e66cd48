using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Tests.Data.Tokenization;
using Sip.Training.Checkpointing;

namespace Sip.Tests.Interop;

/// <summary>A small tokenizer trained once per test run, and seeded models over it saved as sip checkpoints.</summary>
internal static class InteropModels
{
    private static readonly Lazy<ByteLevelBpeTokenizer> SharedTokenizer = new(() => TestCorpus.TrainSmall(vocabSize: 420));

    public static ByteLevelBpeTokenizer Tokenizer => SharedTokenizer.Value;

    /// <summary>dim 64, 2 layers, 4 query heads over 2 kv heads (so q and k are permuted with different head counts).</summary>
    /// <param name="tied">share the embedding with the output head</param>
    /// <param name="extraVocab">embedding rows beyond the tokenizer's ids (unused ids, as a rounded-up vocabulary has)</param>
    public static LlamaConfig Config(bool tied = false, int extraVocab = 0) => new()
    {
        VocabSize = Tokenizer.VocabSize + extraVocab, Dim = 64, Layers = 2, Heads = 4, KvHeads = 2, HiddenDim = 160,
        MaxSeqLen = 128, TieEmbeddings = tied, RopeTheta = 10000,
        // A wide init spreads the logits, so greedy choices are decided by margins far above float rounding.
        InitStd = 0.3,
    };

    public static LlamaModel Create(LlamaConfig config, long seed = 5)
    {
        var model = new LlamaModel(config);
        model.Initialize(seed);
        using (TorchSharp.torch.no_grad())
        using (var generator = new TorchSharp.torch.Generator((ulong)seed + 1))
        {
            // Norm scales away from 1, so a norm exported or permuted wrongly cannot pass unnoticed.
            foreach (var (name, p) in model.named_parameters())
                if (name.EndsWith("norm.weight")) p.uniform_(0.5, 1.5, generator);
        }
        model.eval();
        return model;
    }

    /// <summary>Saves a seeded model with the shared tokenizer as a sip checkpoint in <paramref name="folder"/>.</summary>
    public static LlamaModel SaveCheckpoint(string folder, LlamaConfig config, long seed = 5)
    {
        var model = Create(config, seed);
        PolicyCheckpoint.Save(folder, model, Tokenizer);
        return model;
    }
}

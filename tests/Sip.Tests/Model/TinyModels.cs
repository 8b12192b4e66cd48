using Sip.Model;

namespace Sip.Tests.Model;

/// <summary>Small fixed-seed models the model tests share.</summary>
internal static class TinyModels
{
    public static LlamaConfig Config(bool gqa = true, bool tied = false) => new()
    {
        VocabSize = 61, Dim = 32, Layers = 2, Heads = 4, KvHeads = gqa ? 2 : 4, HiddenDim = 48, MaxSeqLen = 64,
        TieEmbeddings = tied, InitStd = 0.2, // a large init so logits differ visibly between tokens
    };

    public static LlamaModel Create(bool gqa = true, bool tied = false, long seed = 1234)
    {
        var model = new LlamaModel(Config(gqa, tied));
        model.Initialize(seed);
        model.eval();
        return model;
    }
}

using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Teacher.PostTraining;
using static TorchSharp.torch;

namespace Sip.Tests.Teacher.PostTraining;

public class ChatReadyBaseTests
{
    [Fact]
    public void GrowingTheVocabulary_KeepsEveryOldRow_AndStartsNewRowsAtTheMean()
    {
        var tokenizer = BpeTrainer.Train(["the cat sat on the mat", "a dog ran in the fog"], new BpeTrainerOptions { VocabSize = 270 });
        using var model = new LlamaModel(new LlamaConfig { Dim = 16, Layers = 1, Heads = 2, KvHeads = 2, HiddenDim = 32, MaxSeqLen = 16, VocabSize = tokenizer.VocabSize });
        model.Initialize(5);

        var (grown, chat) = ChatReadyBase.Prepare(model, tokenizer);
        using var _ = grown;
        Assert.True(ChatFormat.Supports(chat));
        Assert.Equal(tokenizer.VocabSize + 2, grown.Config.VocabSize);
        int old = tokenizer.VocabSize;
        Assert.True(grown.embed_tokens.weight![TensorIndex.Slice(0, old)].allclose(model.embed_tokens.weight!, rtol: 0, atol: 0));
        Assert.True(grown.embed_tokens.weight![old].allclose(model.embed_tokens.weight!.mean([0])));
        Assert.True(grown.lm_head!.weight![old + 1].allclose(model.lm_head!.weight!.mean([0])));

        // Text without the markers gets the same logits for every old id.
        using var tokens = tensor(new long[] { tokenizer.BosId, 5, 6, 7 }).unsqueeze(0);
        using var before = model.forward(tokens);
        using var after = grown.forward(tokens);
        Assert.True(after[TensorIndex.Ellipsis, TensorIndex.Slice(0, old)].allclose(before, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void AModelThatAlreadyHasTheRows_IsReturnedAsItIs()
    {
        var tokenizer = BpeTrainer.Train(["the cat sat"], new BpeTrainerOptions { VocabSize = 262 });
        using var model = new LlamaModel(new LlamaConfig { Dim = 16, Layers = 1, Heads = 2, KvHeads = 2, HiddenDim = 32, MaxSeqLen = 16, VocabSize = tokenizer.VocabSize + 8 });
        var (same, _) = ChatReadyBase.Prepare(model, tokenizer);
        Assert.Same(model, same);
    }
}

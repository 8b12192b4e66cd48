using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Training.Checkpointing;
using static TorchSharp.torch;

namespace Sip.Teacher.PostTraining;

/// <summary>
/// Makes a base checkpoint ready to be post-trained as a chat teacher: its tokenizer gets the chat format's role
/// markers (<see cref="ChatFormat.SpecialTokens"/>) where it lacks them, and its embedding (and an untied output
/// head) grows rows for the new ids. A new row starts at the mean of the existing rows, the usual choice when adding
/// tokens to a trained model: its logit then sits at the average, not at an arbitrary point, so the first SFT steps do
/// not start by unlearning a random preference for or against the marker. Every existing id keeps its row.
/// </summary>
public static class ChatReadyBase
{
    /// <summary>The tokenizer with the role markers and the model sized to it (the same model when nothing grew).</summary>
    public static (LlamaModel Model, ByteLevelBpeTokenizer Tokenizer) Prepare(LlamaModel model, ByteLevelBpeTokenizer tokenizer)
    {
        var chat = tokenizer.WithSpecialTokens(ChatFormat.SpecialTokens);
        return (Grow(model, chat.VocabSize), chat);
    }

    /// <summary>Loads <paramref name="checkpoint"/>, prepares it, and saves the result into <paramref name="folder"/> (with sip's chat template).</summary>
    public static void Save(string checkpoint, string folder)
    {
        if (PolicyCheckpoint.LoadTokenizer(checkpoint) is not ByteLevelBpeTokenizer bpe)
            throw new SipInputException(checkpoint, null, "a teacher is post-trained on a byte-level BPE tokenizer (tokenizer.json), to which the chat markers are added");
        using var model = PolicyCheckpoint.LoadModel(checkpoint);
        var (ready, tokenizer) = Prepare(model, bpe);
        Directory.CreateDirectory(folder);
        PolicyCheckpoint.Save(folder, ready, tokenizer);
        if (!ReferenceEquals(ready, model)) ready.Dispose();
    }

    /// <summary>A copy of <paramref name="model"/> with <paramref name="vocabSize"/> rows, new rows at the mean; the model itself when it has enough.</summary>
    public static LlamaModel Grow(LlamaModel model, int vocabSize)
    {
        int old = model.Config.VocabSize;
        if (vocabSize <= old) return model;
        var grown = new LlamaModel(model.Config with { VocabSize = vocabSize });
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var source = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, target) in grown.named_parameters())
        {
            var from = source[name];
            if (from.shape.SequenceEqual(target.shape)) { target.copy_(from); continue; }
            // Only the vocabulary dimension (dim 0 of embed_tokens and lm_head) differs.
            target[TensorIndex.Slice(0, old)].copy_(from);
            target[TensorIndex.Slice(old, vocabSize)].copy_(from.mean([0], keepdim: true).expand(vocabSize - old, -1));
        }
        return grown;
    }
}

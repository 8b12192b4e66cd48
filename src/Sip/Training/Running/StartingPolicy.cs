using Sip.Data;
using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Training.Checkpointing;

namespace Sip.Training.Running;

/// <summary>Where a trainer's policy comes from: the run's own checkpoint when resuming, else a starting checkpoint, else fresh weights.</summary>
public static class StartingPolicy
{
    /// <param name="resumeFrom">the run's newest checkpoint, or null</param>
    /// <param name="init">a checkpoint or run folder to start from, or empty</param>
    /// <param name="tokenizer">a from-scratch run's tokenizer</param>
    /// <param name="shape">a from-scratch run's model (vocabulary size 0: the tokenizer's)</param>
    /// <param name="seed">a from-scratch run's initialisation seed</param>
    public static (LlamaModel Model, ITokenizer Tokenizer) Load(string? resumeFrom, string init, string tokenizer, LlamaConfig shape, long seed)
    {
        if (resumeFrom is not null) return (PolicyCheckpoint.LoadModel(resumeFrom), PolicyCheckpoint.LoadTokenizer(resumeFrom));
        if (!string.IsNullOrWhiteSpace(init))
        {
            var folder = CheckpointLocator.Resolve(init);
            return (PolicyCheckpoint.LoadModel(folder), PolicyCheckpoint.LoadTokenizer(folder));
        }
        var loaded = TokenizerLoader.Load(tokenizer);
        var config = shape.VocabSize == 0 ? shape with { VocabSize = loaded.VocabSize } : shape;
        var model = new LlamaModel(config);
        model.Initialize(seed);
        return (model, loaded);
    }
}

using System.Text;

namespace Sip.Data.Tokenization;

/// <summary>
/// Trains a byte-level BPE tokenizer on a stream of documents.
/// </summary>
/// <remarks>
/// Id layout of the result: 0 &lt;|bos|&gt;, 1 &lt;|eos|&gt;, 2 &lt;|pad|&gt; (fixed whatever the vocabulary size, so
/// configs and tests can name them), 3-258 the 256 bytes in byte order (id = byte + 3), then one id per
/// learned token in the order the merges were learned. Documents are read once and only their distinct
/// pre-tokens are kept, so memory follows the corpus' vocabulary, not its length.
/// See <see cref="MergeLearner"/> for the merge algorithm and its tie-breaking rule.
/// </remarks>
public static class BpeTrainer
{
    /// <summary>The special tokens, in id order from 0.</summary>
    public static IReadOnlyList<string> SpecialTokens { get; } = ["<|bos|>", "<|eos|>", "<|pad|>"];

    private const int FirstByteId = 3;
    private const int ReportEveryDocuments = 4096;

    public static ByteLevelBpeTokenizer Train(IEnumerable<string> corpus, BpeTrainerOptions options, CancellationToken cancellation = default)
    {
        var minimum = FirstByteId + 256;
        if (options.VocabSize < minimum)
            throw new SipInputException(nameof(BpeTrainerOptions.VocabSize), null, $"{options.VocabSize} is below {minimum} (3 special tokens + 256 bytes)");
        PreTokenSplitter preTokenizer;
        try
        {
            preTokenizer = new PreTokenSplitter([options.PreTokenizerPattern]);
        }
        catch (ArgumentException e)
        {
            throw new SipInputException(nameof(BpeTrainerOptions.PreTokenizerPattern), null, $"not a valid regular expression: {e.Message}", e);
        }

        var (words, documents, characters) = CountWords(corpus, preTokenizer, options, cancellation);
        var learner = new MergeLearner(words, SpecialTokens.Select(Encoding.UTF8.GetBytes));
        var targetTokens = options.VocabSize - FirstByteId;
        var targetMerges = targetTokens - 256;
        var reportEvery = Math.Max(1, targetMerges / 1000);
        Report(options, BpeTrainingPhase.LearningMerges, documents, characters, 0, targetMerges);
        var merges = learner.Learn(targetTokens, options.MinFrequency, done =>
        {
            if (done % reportEvery == 0) Report(options, BpeTrainingPhase.LearningMerges, documents, characters, done, targetMerges);
        }, cancellation);

        var tokenizer = Build(learner.Tokens, merges, preTokenizer);
        Report(options, BpeTrainingPhase.Done, documents, characters, merges.Count, targetMerges);
        return tokenizer;
    }

    private static ByteLevelBpeTokenizer Build(IReadOnlyList<byte[]> tokens, List<(int Left, int Right, int Result)> merges, PreTokenSplitter preTokenizer)
    {
        var spelled = tokens.Select(t => ByteLevelAlphabet.Spell(t)).ToArray();
        var vocab = new List<KeyValuePair<string, int>>(tokens.Count + FirstByteId);
        var added = new List<AddedToken>();
        for (var id = 0; id < SpecialTokens.Count; id++)
        {
            vocab.Add(new(SpecialTokens[id], id));
            added.Add(new AddedToken(id, SpecialTokens[id], Special: true));
        }
        for (var token = 0; token < tokens.Count; token++) vocab.Add(new(spelled[token], token + FirstByteId));

        var definition = new BpeDefinition(vocab, merges.Select(m => (spelled[m.Left], spelled[m.Right])).ToArray(), added, preTokenizer);
        return new ByteLevelBpeTokenizer(definition, SpecialTokenNames.Sip, nameof(BpeTrainer));
    }

    /// <summary>Reads the corpus once; returns each distinct pre-token's bytes and count (the dictionary is dropped here).</summary>
    private static (List<(byte[] Bytes, long Frequency)> Words, long Documents, long Characters) CountWords(
        IEnumerable<string> documents, PreTokenSplitter preTokenizer, BpeTrainerOptions options, CancellationToken cancellation)
    {
        var counter = new WordCounter(preTokenizer);
        foreach (var document in documents)
        {
            cancellation.ThrowIfCancellationRequested();
            counter.Add(document);
            if (counter.Documents % ReportEveryDocuments == 0)
                Report(options, BpeTrainingPhase.CountingWords, counter.Documents, counter.Characters, 0, 0);
        }
        var words = counter.Counts.Select(p => (Encoding.UTF8.GetBytes(p.Key), p.Value)).ToList();
        return (words, counter.Documents, counter.Characters);
    }

    private static void Report(BpeTrainerOptions options, BpeTrainingPhase phase, long documents, long characters, int merges, int targetMerges) =>
        options.Progress?.Report(new BpeTrainingProgress(phase, documents, characters, merges, targetMerges));
}

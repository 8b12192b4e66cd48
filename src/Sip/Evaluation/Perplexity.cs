using Sip.Data;
using Sip.Data.Documents;
using Sip.Data.Splitting;
using Sip.Model;
using Sip.Training;
using static TorchSharp.torch;

namespace Sip.Evaluation;

/// <summary>Held-out perplexity: exp of the mean NLL per counted token, over fixed-seed splits of held-out documents.</summary>
public static class Perplexity
{
    /// <summary>The first <paramref name="count"/> samples of <paramref name="documents"/> under a fixed seed: every run scores the same splits.</summary>
    public static List<Sample> HeldOutSamples(string documents, DocumentSourceSettings source, ITokenizer tokenizer, SplitSettings split, int count)
    {
        using var stream = new SampleStream(DocumentSource.Open(documents, source), tokenizer, split, SampleStreamState.Start(new Rng(0x5EED)), epochs: 1);
        var samples = new List<Sample>();
        while (samples.Count < count && stream.MoveNext()) samples.Add(stream.Current);
        return samples;
    }

    /// <summary>Mean NLL per counted token (the suffix only, or every token after BOS).</summary>
    public static double MeanNll(LlamaModel model, IReadOnlyList<Sample> samples, ITokenizer tokenizer, bool suffixOnly, int batchSize)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            double total = 0, count = 0;
            foreach (var chunk in samples.Chunk(batchSize))
            {
                using var scope = NewDisposeScope();
                var sequences = chunk.Select(s => new ContinuationSequence(s.Context, s.Suffix)).ToList();
                total -= TokenLosses.CountedLogProbs(model, sequences, suffixOnly, tokenizer.PadId).sum().item<float>();
                count += sequences.Sum(s => TokenLosses.CountedTokens(s, suffixOnly));
            }
            return total / Math.Max(1, count);
        }
        finally
        {
            if (wasTraining) model.train();
        }
    }
}

using static TorchSharp.torch;

namespace Sip.Model.Generation;

/// <summary>Draws one token per row from logits [rows, vocab]: temperature, then top-k, then top-p, then a seeded draw.</summary>
public static class TokenSampler
{
    public static Tensor Next(Tensor logits, SamplingSettings settings, Generator generator)
    {
        using var scope = NewDisposeScope();
        if (settings.IsGreedy) return logits.argmax(-1).MoveToOuterDisposeScope();

        var scaled = logits.to(ScalarType.Float32) / settings.Temperature;
        if (settings.TopK > 0 && settings.TopK < scaled.shape[^1])
        {
            var kth = scaled.topk(settings.TopK, dim: -1).values.narrow(-1, settings.TopK - 1, 1);
            scaled = scaled.masked_fill(scaled.lt(kth), double.NegativeInfinity);
        }
        if (settings.TopP < 1.0)
        {
            var (sorted, order) = scaled.sort(-1, descending: true);
            var probabilities = sorted.softmax(-1);
            // Drop a token when the mass strictly before it already reaches topP; the most likely token always stays.
            var massBefore = probabilities.cumsum(-1) - probabilities;
            var drop = massBefore.ge(settings.TopP);
            var dropInVocabOrder = zeros_like(drop).scatter(-1, order, drop);
            scaled = scaled.masked_fill(dropInVocabOrder, double.NegativeInfinity);
        }
        return scaled.softmax(-1).multinomial(1, generator: generator).squeeze(-1).MoveToOuterDisposeScope();
    }
}

using Sip.Model.Caching;
using static TorchSharp.torch;

namespace Sip.Model.Generation;

/// <summary>
/// Batched sampling with a preallocated KV cache. All prompts are left-padded to a common length and prefilled once;
/// the cache is then fanned out so every prompt gets <c>samplesPerPrompt</c> rows, and all rows decode together,
/// one token per step, until each has <c>maxNewTokens</c> tokens or has written the stop token.
/// </summary>
public static class TextGenerator
{
    /// <param name="model">the policy (put it in eval mode; no gradients are kept)</param>
    /// <param name="prompts">token ids of each prompt, BOS included</param>
    /// <param name="samplesPerPrompt">K: continuations per prompt</param>
    /// <param name="maxNewTokens">N: tokens per continuation at most</param>
    /// <param name="sampling">temperature / top-p / top-k, or greedy</param>
    /// <param name="generator">the seeded source of every random draw</param>
    /// <param name="stopToken">end-of-sequence id, or null to always write N tokens</param>
    /// <param name="padToken">id written into the left padding (never attended to)</param>
    /// <param name="useCache">false recomputes the whole sequence at every step (for benchmarks and checks)</param>
    /// <returns>Continuations in prompt-major order: prompt p's sample k at p·K + k.</returns>
    public static IReadOnlyList<Continuation> Generate(
        LlamaModel model, IReadOnlyList<int[]> prompts, int samplesPerPrompt, int maxNewTokens,
        SamplingSettings sampling, Generator generator, int? stopToken = null, int padToken = 0, bool useCache = true)
    {
        if (prompts.Count == 0) return [];
        if (samplesPerPrompt < 1) throw new ArgumentOutOfRangeException(nameof(samplesPerPrompt));
        if (prompts.Any(p => p.Length == 0)) throw new ArgumentException("every prompt needs at least one token (BOS)", nameof(prompts));
        int longest = prompts.Max(p => p.Length);
        int capacity = longest + maxNewTokens;
        if (capacity > model.Config.MaxSeqLen)
            throw new ArgumentException($"prompt of {longest} tokens + {maxNewTokens} new tokens exceeds the model's maxSeqLen {model.Config.MaxSeqLen}");

        // Inference mode, not just no_grad: libtorch then skips autograd and version-counter bookkeeping on every op.
        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        using var session = model.BeginInference();
        int rows = prompts.Count * samplesPerPrompt;
        var leftPad = prompts.Select(p => (long)(longest - p.Length)).ToArray();
        var padded = new long[prompts.Count * longest];
        for (int p = 0; p < prompts.Count; p++)
            for (int t = 0; t < longest; t++)
                padded[p * longest + t] = t < leftPad[p] ? padToken : prompts[p][t - (int)leftPad[p]];
        var promptTensor = tensor(padded).view(prompts.Count, longest);

        var written = new int[rows, maxNewTokens];
        var lengths = new int[rows];
        var stopped = new bool[rows];

        // Prompts are prefilled once and kept once: their K rows attend to the shared prompt keys and store only
        // their own tokens (FanOutKvCache), so fanning out copies nothing and each decode step reads a prompt once.
        FanOutKvCache? cache = null;
        Tensor logits;
        if (useCache)
        {
            // Caches in fp32 whatever the model's dtype: libtorch's bf16 matrix products copy strided operands (the
            // filled part of a cache buffer) to contiguous ones, fp32's (MKL) read them in place; that made bf16
            // decoding no faster than fp32. Scores and softmax are fp32 either way.
            using var prefill = new KvCache(model.Config, prompts.Count, longest, ScalarType.Float32, leftPad);
            logits = model.Forward(promptTensor, prefill, lastOnly: true).squeeze(1).repeat_interleave(samplesPerPrompt, dim: 0);
            cache = new FanOutKvCache(model.Config, prefill.ToSharedPrefix(), samplesPerPrompt, maxNewTokens, ScalarType.Float32);
        }
        else
        {
            logits = Recompute(model, promptTensor.repeat_interleave(samplesPerPrompt, dim: 0), leftPad, samplesPerPrompt);
        }
        var sequence = promptTensor.repeat_interleave(samplesPerPrompt, dim: 0);

        try
        {
            for (int step = 0; step < maxNewTokens; step++)
            {
                // One scope per step: the step's logits and activations are freed as soon as the next token is known.
                using var stepScope = NewDisposeScope();
                var ids = TokenSampler.Next(logits, sampling, generator).data<long>().ToArray();
                bool allDone = true;
                for (int r = 0; r < rows; r++)
                {
                    if (stopped[r]) { ids[r] = padToken; continue; }
                    written[r, lengths[r]++] = (int)ids[r];
                    if (stopToken is { } stop && ids[r] == stop) stopped[r] = true;
                    else allDone &= lengths[r] == maxNewTokens;
                }
                if (allDone || step == maxNewTokens - 1) break;
                var column = tensor(ids).view(rows, 1);
                var previous = logits;
                if (cache is not null)
                {
                    logits = model.Forward(column, cache, lastOnly: true).squeeze(1).MoveToOuterDisposeScope();
                }
                else
                {
                    var longer = cat([sequence, column], dim: 1).MoveToOuterDisposeScope();
                    sequence.Dispose();
                    sequence = longer;
                    logits = Recompute(model, sequence, leftPad, samplesPerPrompt).MoveToOuterDisposeScope();
                }
                previous.Dispose();
            }
        }
        finally
        {
            cache?.Dispose();
        }

        var results = new List<Continuation>(rows);
        for (int r = 0; r < rows; r++)
        {
            var tokens = new int[lengths[r]];
            for (int t = 0; t < tokens.Length; t++) tokens[t] = written[r, t];
            results.Add(new Continuation(r / samplesPerPrompt, r % samplesPerPrompt, tokens, stopped[r]));
        }
        return results;
    }

    /// <summary>The uncached path: a fresh pass over the whole (left-padded) sequence for one new token.</summary>
    private static Tensor Recompute(LlamaModel model, Tensor sequence, long[] leftPad, int samplesPerPrompt)
    {
        var pad = leftPad.SelectMany(p => Enumerable.Repeat(p, samplesPerPrompt)).ToArray();
        using var fresh = new KvCache(model.Config, (int)sequence.shape[0], (int)sequence.shape[1], model.DType, pad);
        return model.Forward(sequence, fresh, lastOnly: true).squeeze(1);
    }
}

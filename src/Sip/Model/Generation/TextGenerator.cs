using Sip.Model.Caching;
using static TorchSharp.torch;

namespace Sip.Model.Generation;

/// <summary>
/// Batched sampling with a preallocated KV cache. All prompts are left-padded to a common length and prefilled once;
/// the cache is then fanned out so every prompt gets <c>samplesPerPrompt</c> rows, and all rows decode together,
/// one token per step, until each has <c>maxNewTokens</c> tokens or has written the stop token.
/// </summary>
public static partial class TextGenerator
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
    /// <param name="decodeShards">threads to split the prompts between after the prefill (see <see cref="DecodeShards"/>);
    /// null chooses by the model's size and the intra-op thread count. Every row's random draws are fixed before the
    /// split, so the split changes no draw (only, where libtorch rounds differently for another batch size, a logit's last bits).</param>
    /// <param name="uniforms">the draws to sample with, [rows, ≥ N] float32 in [0, 1); null draws them from <paramref name="generator"/></param>
    /// <param name="stopWhen">ends a row when it says so (after each token; row p·K + k), besides the stop token; null: never</param>
    /// <returns>Continuations in prompt-major order: prompt p's sample k at p·K + k.</returns>
    public static IReadOnlyList<Continuation> Generate(
        LlamaModel model, IReadOnlyList<int[]> prompts, int samplesPerPrompt, int maxNewTokens,
        SamplingSettings sampling, Generator generator, int? stopToken = null, int padToken = 0, bool useCache = true,
        int? decodeShards = null, Tensor? uniforms = null, RowStop? stopWhen = null)
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
        var promptTensor = LeftPadded(prompts, longest, padToken);
        // One uniform per row and new token, drawn before anything is decoded: a row's draws depend only on the
        // generator, not on how rows are split between threads or when other rows stop. Drawn step-major, [N, rows],
        // they are the very numbers N successive draws of one per row give (libtorch's CPU generator fills in order),
        // as earlier versions drew them step by step; only a call that ended early (every row stopped) used to leave
        // the generator fewer draws along.
        // A caller may bring its own draws, [rows, N] (one stream per row, so a row's answer does not depend on its batch).
        if (uniforms is not null && (uniforms.shape[0] != rows || uniforms.shape[1] < maxNewTokens))
            throw new ArgumentException($"uniforms must be [{rows}, {maxNewTokens}] or wider, got [{string.Join(", ", uniforms.shape)}]", nameof(uniforms));
        uniforms = sampling.IsGreedy ? null : uniforms ?? rand([maxNewTokens, rows], dtype: ScalarType.Float32, generator: generator).t();
        var output = new WrittenTokens(rows, maxNewTokens);
        var rowsOf = new DecodeRows(maxNewTokens, sampling, stopToken, padToken, output, stopWhen);

        if (!useCache)
        {
            var sequence = promptTensor.repeat_interleave(samplesPerPrompt, dim: 0);
            var rowPad = leftPad.SelectMany(p => Enumerable.Repeat(p, samplesPerPrompt)).ToArray();
            rowsOf.Run(0, Recompute(model, sequence, rowPad), uniforms, column =>
            {
                var longer = cat([sequence, column], dim: 1).MoveToOuterDisposeScope();
                sequence.Dispose();
                sequence = longer;
                return Recompute(model, sequence, rowPad);
            });
            return output.ToContinuations(samplesPerPrompt);
        }

        // Prompts are prefilled once, on every intra-op thread, and kept once: their K rows attend to the shared prompt
        // keys and store only their own tokens (FanOutKvCache), so fanning out copies nothing and each decode step
        // reads a prompt once per step. Caches are fp32 whatever the model's dtype: libtorch's bf16 matrix products
        // copy strided operands (the filled part of a cache buffer) to contiguous ones, fp32's (MKL) read them in
        // place; that made bf16 decoding no faster than fp32. Scores and softmax are fp32 either way.
        Tensor firstLogits;
        SharedPrefix shared;
        using (var prefill = new KvCache(model.Config, prompts.Count, longest, ScalarType.Float32, leftPad))
        {
            firstLogits = model.Forward(promptTensor, prefill, lastOnly: true).squeeze(1);
            shared = prefill.ToSharedPrefix();
        }
        using (shared)
        {
            var ranges = DecodeShards.Split(prompts.Count, DecodeShards.Count(model, prompts.Count, rows, decodeShards));
            var work = ranges.Select(range => (Action)(() =>
            {
                using var shardInference = inference_mode(); // thread-local in libtorch, like dispose scopes in TorchSharp
                using var shardScope = NewDisposeScope();
                int firstRow = range.Start * samplesPerPrompt, shardRows = range.Count * samplesPerPrompt;
                using var cache = new FanOutKvCache(model.Config, shared.Slice(range.Start, range.Count), samplesPerPrompt, maxNewTokens, ScalarType.Float32);
                var logits = firstLogits.narrow(0, range.Start, range.Count).repeat_interleave(samplesPerPrompt, dim: 0);
                rowsOf.Run(firstRow, logits, uniforms?.narrow(0, firstRow, shardRows),
                    column => model.Forward(column, cache, lastOnly: true).squeeze(1));
            })).ToList();
            if (work.Count == 1) work[0]();
            else DecodeShards.Run(work);
        }
        return output.ToContinuations(samplesPerPrompt);
    }

    /// <summary>The uncached path: a fresh pass over the whole (left-padded) sequence for one new token.</summary>
    private static Tensor Recompute(LlamaModel model, Tensor sequence, long[] rowPad)
    {
        using var fresh = new KvCache(model.Config, (int)sequence.shape[0], (int)sequence.shape[1], model.DType, rowPad);
        return model.Forward(sequence, fresh, lastOnly: true).squeeze(1);
    }
}

using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sip.Model.Caching;

/// <summary>
/// Attention kernels over cached keys. Grouped-query heads are handled by folding each key/value head's query heads
/// into the query-time axis ([B, kvHeads, groupHeads·T, headDim]) instead of repeating keys and values, so a step reads
/// every cached key once.
/// </summary>
public static class AttentionMath
{
    /// <summary>
    /// Plain attention through libtorch's fused kernel (long passes: prefill, training). q [B, H, T, d]; keys and
    /// values [B, Hkv, S, d]; <paramref name="mask"/> boolean, broadcastable to [B, 1, T, S] (true = may attend).
    /// </summary>
    public static Tensor Fused(Tensor q, Tensor keys, Tensor values, Tensor? mask, bool causal)
    {
        long heads = q.shape[1], kvHeads = keys.shape[1];
        if (kvHeads != heads)
        {
            keys = keys.repeat_interleave(heads / kvHeads, dim: 1);
            values = values.repeat_interleave(heads / kvHeads, dim: 1);
        }
        return As(F.scaled_dot_product_attention(As(q, keys.dtype), keys, values, attn_mask: mask, is_casual: causal), q.dtype);
    }

    /// <summary>
    /// Attention of rows that share a prompt. Rows come in groups of <paramref name="group"/> consecutive rows per
    /// prompt (the K rollouts of one prefix); the prompt's keys are stored once, not once per row. Each query sees its
    /// prompt's keys (where <paramref name="prefixBias"/> is 0, not −∞) and its own row's keys (where
    /// <paramref name="ownBias"/> allows, if given), under one softmax, exactly as if the prompt's keys were copied into
    /// every row.
    /// </summary>
    /// <param name="q">[P·G, H, T, d]</param>
    /// <param name="prefixKeysT">the prompts' keys transposed, [P, Hkv, d, Lp] (Lp may be 0); contiguous in that layout, which halves the score product's time</param>
    /// <param name="prefixValues">[P, Hkv, Lp, d]</param>
    /// <param name="prefixBias">additive, [P, 1, 1, Lp]: 0 for real tokens, −∞ for left padding</param>
    /// <param name="ownKeys">[P·G, Hkv, S, d]</param>
    /// <param name="ownValues">[P·G, Hkv, S, d]</param>
    /// <param name="ownBias">additive, broadcastable to [P·G, Hkv, (H/Hkv)·T, S], or null when every query may see every own key</param>
    /// <param name="group">G: rows per prompt</param>
    public static Tensor SharedPrefix(Tensor q, Tensor prefixKeysT, Tensor prefixValues, Tensor prefixBias,
        Tensor ownKeys, Tensor ownValues, Tensor? ownBias, int group)
    {
        long rows = q.shape[0], heads = q.shape[1], time = q.shape[2], dim = q.shape[3];
        long kvHeads = ownKeys.shape[1], folded = heads / kvHeads * time, prompts = rows / group, prefix = prefixKeysT.shape[3];
        var queryType = q.dtype;
        var dtype = ownKeys.dtype; // the cache's: a decoding cache keeps fp32 whatever the model's dtype (see TextGenerator)
        var scaled = As(q, dtype) * (1.0 / Math.Sqrt(dim));

        var ownScores = Fp32(scaled.reshape(rows, kvHeads, folded, dim).matmul(ownKeys.transpose(-1, -2)));
        if (ownBias is not null) ownScores = ownScores + ownBias;
        if (prefix == 0) return As(As(ownScores.softmax(-1), dtype).matmul(ownValues).reshape(rows, heads, time, dim), queryType);

        // Prompt p's G rows become G·folded queries of one matrix product against p's keys, read once.
        var promptQueries = scaled.reshape(prompts, group, kvHeads, folded, dim).transpose(1, 2).reshape(prompts, kvHeads, group * folded, dim);
        var prefixScores = Fp32(promptQueries.matmul(prefixKeysT)) + prefixBias;
        var perRow = prefixScores.reshape(prompts, kvHeads, group, folded, prefix).transpose(1, 2).reshape(rows, kvHeads, folded, prefix);

        var weights = As(cat([perRow, ownScores], -1).softmax(-1), dtype);
        var prefixWeights = weights.narrow(-1, 0, prefix)
            .reshape(prompts, group, kvHeads, folded, prefix).transpose(1, 2).reshape(prompts, kvHeads, group * folded, prefix);
        // reshape, not view: with a single prompt libtorch may return the product with strides a view cannot split.
        var fromPrefix = prefixWeights.matmul(prefixValues)
            .reshape(prompts, kvHeads, group, folded, dim).transpose(1, 2).reshape(rows, kvHeads, folded, dim);
        var fromOwn = weights.narrow(-1, prefix, ownKeys.shape[2]).matmul(ownValues);
        return As((fromPrefix + fromOwn).reshape(rows, heads, time, dim), queryType);
    }

    // Scores and softmax run in fp32 whatever the model's dtype; the casts are skipped (not issued) for fp32 models,
    // since a decode step is bound by the number of calls.
    private static Tensor Fp32(Tensor t) => t.dtype == ScalarType.Float32 ? t : t.to(ScalarType.Float32);

    private static Tensor As(Tensor t, ScalarType dtype) => t.dtype == dtype ? t : t.to(dtype);
}

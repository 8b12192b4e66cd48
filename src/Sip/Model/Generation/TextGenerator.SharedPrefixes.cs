using Sip.Model.Caching;
using static TorchSharp.torch;

namespace Sip.Model.Generation;

public static partial class TextGenerator
{
    /// <summary>
    /// One continuation per prompt, the prompts prefilled as <paramref name="plan"/> groups them: each group's shared
    /// prefix once, in one pass for all groups (on every intra-op thread), then each prompt's remainder over its group's
    /// cached keys (<see cref="FanOutKvCache"/> with the remainders left-padded to a common length, in the fused kernel;
    /// one cache per group, all rows in one batch through <see cref="RowBlocksKvCache"/>), then decoding as
    /// <see cref="Generate"/> does.
    /// A judge's requests share their template's instructions (and, pairwise, the document), which are then encoded once.
    /// </summary>
    /// <remarks>
    /// The logits are those of prefilling each prompt whole up to float rounding (the prompt's attention is summed in
    /// two parts, and matrix products of other shapes round differently): greedy tokens differ only where two tokens'
    /// logits tie to within that rounding. Each row's draws are the ones the unshared path gives it (drawn in prompt
    /// order, or <paramref name="uniforms"/> by prompt), so sampling does not depend on the grouping either.
    /// </remarks>
    /// <param name="model">the model (put it in eval mode; no gradients are kept)</param>
    /// <param name="prompts">token ids of each prompt, BOS included</param>
    /// <param name="plan">the groups, from <see cref="SharedPrefixPlan.For"/> on the same prompts</param>
    /// <param name="maxNewTokens">N: tokens per continuation at most</param>
    /// <param name="sampling">temperature / top-p / top-k, or greedy</param>
    /// <param name="generator">the seeded source of the draws when <paramref name="uniforms"/> are not given</param>
    /// <param name="stopToken">end-of-sequence id, or null</param>
    /// <param name="padToken">id written into padding (never attended to)</param>
    /// <param name="decodeShards">threads to split the rows between (see <see cref="DecodeShards"/>); null chooses</param>
    /// <param name="uniforms">the draws, [prompts, ≥ N] in prompt order; null draws them from <paramref name="generator"/></param>
    /// <param name="stopWhen">ends a row when it says so (rows numbered by prompt); null: never</param>
    /// <returns>One continuation per prompt, in prompt order.</returns>
    public static IReadOnlyList<Continuation> GenerateSharingPrefixes(
        LlamaModel model, IReadOnlyList<int[]> prompts, SharedPrefixPlan plan, int maxNewTokens, SamplingSettings sampling, Generator generator,
        int? stopToken = null, int padToken = 0, int? decodeShards = null, Tensor? uniforms = null, RowStop? stopWhen = null)
    {
        if (prompts.Count == 0) return [];
        if (!plan.Covers(prompts.Count)) throw new ArgumentException($"the plan groups {plan.Order.Count} prompts, not these {prompts.Count}", nameof(plan));
        int longest = prompts.Max(p => p.Length);
        if (longest + maxNewTokens > model.Config.MaxSeqLen)
            throw new ArgumentException($"prompt of {longest} tokens + {maxNewTokens} new tokens exceeds the model's maxSeqLen {model.Config.MaxSeqLen}");
        int rows = prompts.Count;
        if (uniforms is not null && (uniforms.shape[0] != rows || uniforms.shape[1] < maxNewTokens))
            throw new ArgumentException($"uniforms must be [{rows}, {maxNewTokens}] or wider, got [{string.Join(", ", uniforms.shape)}]", nameof(uniforms));

        using var inference = inference_mode();
        using var scope = NewDisposeScope();
        using var session = model.BeginInference();
        var order = plan.Order;
        // Row i decodes prompt order[i]; its draws are that prompt's.
        var decodeUniforms = sampling.IsGreedy ? null
            : (uniforms ?? rand([maxNewTokens, rows], dtype: ScalarType.Float32, generator: generator).t()).index_select(0, tensor(order.Select(p => (long)p).ToArray()));
        var output = new WrittenTokens(rows, maxNewTokens);
        var rowsOf = new DecodeRows(maxNewTokens, sampling, stopToken, padToken, output, stopWhen is null ? null : (row, tokens) => stopWhen(order[row], tokens));

        using var shared = PrefillSharedPrefixes(model, prompts, plan, padToken);
        var groupOf = plan.Groups.SelectMany((g, index) => g.Prompts.Select(_ => index)).ToArray();
        var ranges = DecodeShards.Split(rows, DecodeShards.Count(model, rows, rows, decodeShards));
        var work = ranges.Select(range => (Action)(() =>
        {
            using var shardInference = inference_mode(); // thread-local in libtorch, like dispose scopes in TorchSharp
            using var shardScope = NewDisposeScope();
            var remainders = Enumerable.Range(range.Start, range.Count)
                .Select(row => prompts[order[row]][plan.Groups[groupOf[row]].SharedLength..]).ToArray();
            int width = remainders.Max(r => r.Length);
            using var cache = RemainderCache(model.Config, shared, groupOf, range, remainders, width, maxNewTokens);
            var logits = model.Forward(LeftPadded(remainders, width, padToken), cache, lastOnly: true).squeeze(1);
            rowsOf.Run(range.Start, logits, decodeUniforms?.narrow(0, range.Start, range.Count),
                column => model.Forward(column, cache, lastOnly: true).squeeze(1));
        })).ToList();
        if (work.Count == 1) work[0]();
        else DecodeShards.Run(work);
        return output.InPromptOrder(order);
    }

    /// <summary>Each group's shared prefix, left-padded to the longest, in one pass (blocks only: no logits are needed); fp32 caches, as for rollouts.</summary>
    private static SharedPrefix PrefillSharedPrefixes(LlamaModel model, IReadOnlyList<int[]> prompts, SharedPrefixPlan plan, int padToken)
    {
        var prefixes = plan.Groups.Select(g => prompts[g.Prompts[0]][..g.SharedLength]).ToArray();
        int widest = prefixes.Max(p => p.Length);
        using var prefill = new KvCache(model.Config, prefixes.Length, widest, ScalarType.Float32, prefixes.Select(p => (long)(widest - p.Length)).ToArray());
        if (widest > 0) model.Prefill(LeftPadded(prefixes, widest, padToken), prefill);
        return prefill.ToSharedPrefix();
    }

    /// <summary>The cache of rows [range): one block per group the range holds, each over its group's prefix, room for the remainders left-padded to <paramref name="width"/> and the answers.</summary>
    private static RowBlocksKvCache RemainderCache(LlamaConfig config, SharedPrefix shared, int[] groupOf, (int Start, int Count) range,
        int[][] remainders, int width, int maxNewTokens)
    {
        var blocks = new List<IKvCache>();
        for (int first = 0; first < range.Count;)
        {
            int group = groupOf[range.Start + first], count = 1;
            while (first + count < range.Count && groupOf[range.Start + first + count] == group) count++;
            var ownPad = remainders.Skip(first).Take(count).Select(r => (long)(width - r.Length)).ToArray();
            blocks.Add(new FanOutKvCache(config, shared.Slice(group, 1), count, width + maxNewTokens, ScalarType.Float32, ownLeftPad: ownPad, fusedPasses: true));
            first += count;
        }
        return new RowBlocksKvCache(blocks);
    }

    /// <summary>Token rows left-padded to <paramref name="width"/>, [rows, width] (the prompts of every generation path).</summary>
    private static Tensor LeftPadded(IReadOnlyList<int[]> rows, int width, int padToken)
    {
        var padded = new long[rows.Count * width];
        Array.Fill(padded, padToken);
        for (int r = 0; r < rows.Count; r++)
            for (int t = 0; t < rows[r].Length; t++)
                padded[r * width + width - rows[r].Length + t] = rows[r][t];
        return tensor(padded).view(rows.Count, width);
    }
}

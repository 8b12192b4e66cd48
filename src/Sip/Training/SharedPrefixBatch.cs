using Sip.Model;
using Sip.Model.Caching;
using static TorchSharp.torch;

namespace Sip.Training;

/// <summary>
/// Continuations grouped by the context they follow, laid out so each context is encoded once: G continuations per
/// context (DPO's chosen and rejected share a prefix; RF-NLL has one). The context minus its last token goes through
/// the model once per group (<see cref="PrefixInputs"/>, left-padded); each continuation row starts with that last
/// token and attends to the group's cached prefix (<see cref="Inputs"/>, right-padded), so every logit the loss needs,
/// and no other, comes out of the second pass. Against laying out each (context, continuation) as its own sequence,
/// a 96-token prefix with two 32-token continuations is 161 tokens of work instead of 258, and the vocabulary
/// projection runs on 66 positions instead of 256.
/// </summary>
public sealed class SharedPrefixBatch : IDisposable
{
    private SharedPrefixBatch(Tensor prefixInputs, long[] leftPad, int group, Tensor inputs, Tensor targets, Tensor lossMask)
    {
        PrefixInputs = prefixInputs;
        LeftPad = leftPad;
        Group = group;
        Inputs = inputs;
        Targets = targets;
        LossMask = lossMask;
    }

    /// <summary>Each context without its last token, left-padded: [P, Lp] (Lp may be 0).</summary>
    public Tensor PrefixInputs { get; }

    /// <summary>Padding slots before each context's first token.</summary>
    public long[] LeftPad { get; }

    /// <summary>G: continuations per context; row r belongs to context r / G.</summary>
    public int Group { get; }

    /// <summary>[P·G, T]: the context's last token, then the continuation without its last token; right-padded.</summary>
    public Tensor Inputs { get; }

    /// <summary>[P·G, T]: the continuation's tokens.</summary>
    public Tensor Targets { get; }

    /// <summary>[P·G, T]: 1 where a target is a real continuation token.</summary>
    public Tensor LossMask { get; }

    public int Rows => (int)Inputs.shape[0];

    /// <param name="groups">each context (BOS first) with its G continuations; every group the same size</param>
    /// <param name="padId">id written into padding (never attended to, never counted)</param>
    public static SharedPrefixBatch Build(IReadOnlyList<ContinuationGroup> groups, int padId)
    {
        if (groups.Count == 0) throw new ArgumentException("a batch needs at least one context", nameof(groups));
        int group = groups[0].Continuations.Count;
        if (group < 1 || groups.Any(g => g.Continuations.Count != group)) throw new ArgumentException("every context needs the same number (≥ 1) of continuations", nameof(groups));
        if (groups.Any(g => g.Context.Length == 0)) throw new ArgumentException("every context needs at least BOS", nameof(groups));

        int prefixWidth = groups.Max(g => g.Context.Length) - 1;
        var leftPad = groups.Select(g => (long)(prefixWidth - (g.Context.Length - 1))).ToArray();
        var prefix = new long[groups.Count * prefixWidth];
        Array.Fill(prefix, padId);
        for (int p = 0; p < groups.Count; p++)
            for (int t = 0; t < groups[p].Context.Length - 1; t++)
                prefix[p * prefixWidth + leftPad[p] + t] = groups[p].Context[t];

        int rows = groups.Count * group;
        int width = Math.Max(1, groups.Max(g => g.Continuations.Max(c => c.Length)));
        var inputs = new long[rows * width];
        var targets = new long[rows * width];
        var mask = new float[rows * width];
        Array.Fill(inputs, padId);
        Array.Fill(targets, padId);
        for (int p = 0; p < groups.Count; p++)
        {
            int last = groups[p].Context[^1];
            for (int c = 0; c < group; c++)
            {
                var continuation = groups[p].Continuations[c];
                int at = (p * group + c) * width;
                inputs[at] = last;
                for (int t = 0; t < continuation.Length; t++)
                {
                    if (t > 0) inputs[at + t] = continuation[t - 1];
                    targets[at + t] = continuation[t];
                    mask[at + t] = 1f;
                }
            }
        }
        return new SharedPrefixBatch(tensor(prefix).view(groups.Count, prefixWidth), leftPad, group,
            tensor(inputs).view(rows, width), tensor(targets).view(rows, width), tensor(mask).view(rows, width));
    }

    /// <summary>
    /// Logits for every target, [P·G, T, vocab]: the prefixes in one pass (blocks only), then all continuations over
    /// them in a second. With gradients enabled the cached keys stay in the graph, so the loss reaches the prefix pass.
    /// </summary>
    public Tensor Logits(LlamaModel model)
    {
        var config = model.Config;
        bool keepGradients = is_grad_enabled();
        int prefixWidth = (int)PrefixInputs.shape[1];
        using var prefixCache = new KvCache(config, (int)PrefixInputs.shape[0], prefixWidth, model.DType, LeftPad, keepGradients);
        if (prefixWidth > 0) model.Prefill(PrefixInputs, prefixCache);
        using var cache = new FanOutKvCache(config, prefixCache.ToSharedPrefix(), Group, (int)Inputs.shape[1], model.DType, keepGradients);
        return model.Forward(Inputs, cache, lastOnly: false);
    }

    public void Dispose()
    {
        PrefixInputs.Dispose();
        Inputs.Dispose();
        Targets.Dispose();
        LossMask.Dispose();
    }
}

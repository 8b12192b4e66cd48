using static TorchSharp.torch;

namespace Sip.Model.Caching;

/// <summary>
/// Rows that continue shared prompts: <c>group</c> consecutive rows per prompt of a <see cref="SharedPrefix"/> (prompt
/// p's rows are p·G … p·G + G − 1). The prompt's keys are kept once and each row stores only its own tokens, so fanning
/// a prefix out into K rollouts copies nothing and a decode step reads the prefix once per prompt instead of once per
/// row (<see cref="AttentionMath.SharedPrefix"/>). With <c>keepGradients</c> the own keys are kept as computed
/// (training: the chosen and rejected continuations of one prefix, which share its forward and backward pass).
/// With <c>ownLeftPad</c> each row's own tokens may start with padding: rows of one prompt that go on with texts of
/// different lengths (a judge's requests that share their instructions, each then with its own candidate) are
/// left-padded to a common length, so every row's last token lines up for the next-token logits; attention and rotary
/// positions skip the padding, as <see cref="KvCache"/> does for padded prompts. With <c>fusedPasses</c> a pass of
/// several tokens (those remainders, hundreds of tokens each) runs libtorch's fused attention over the prefix's keys
/// copied once per row for that pass: the shared-prefix kernel materialises every score, which made such a pass three
/// times slower than prefilling each whole prompt. Decode steps read the prefix once either way.
/// </summary>
public sealed class FanOutKvCache : IKvCache, IDisposable
{
    private readonly SharedPrefix _prefix;
    private readonly int _group;
    private readonly int _foldedHeads; // query heads per key/value head
    private readonly KeyValueStore _store;
    private readonly Tensor _startPositions; // [rows, 1]
    private readonly Tensor? _ownPad;        // [rows, 1], null when no row has own padding
    private readonly Tensor? _padBias;       // [rows, 1, 1, capacity]: −∞ on own padding slots, else 0
    private readonly bool _fusedPasses;
    private Tensor? _passBias; // additive, for the shared-prefix kernel
    private Tensor? _passMask; // boolean over prefix and own slots, for the fused kernel
    private int _passCount;

    /// <param name="config">the model's shape</param>
    /// <param name="prefix">the prompts' cached keys; this cache owns and disposes them (the <see cref="KvCache"/> they came from may be disposed at once)</param>
    /// <param name="group">rows per prompt</param>
    /// <param name="capacity">own tokens per row at most</param>
    /// <param name="dtype">the model's dtype (of the preallocated buffers)</param>
    /// <param name="keepGradients">keep own keys as computed instead of copying them into buffers</param>
    /// <param name="ownLeftPad">padding slots before each row's own tokens (null: none)</param>
    /// <param name="fusedPasses">passes of several tokens run the fused kernel over a per-row copy of the prefix's keys</param>
    public FanOutKvCache(LlamaConfig config, SharedPrefix prefix, int group, int capacity, ScalarType dtype, bool keepGradients = false,
        IReadOnlyList<long>? ownLeftPad = null, bool fusedPasses = false)
    {
        if (group < 1) throw new ArgumentOutOfRangeException(nameof(group));
        int rows = prefix.Prompts * group;
        if (ownLeftPad is not null && (ownLeftPad.Count != rows || ownLeftPad.Any(p => p < 0 || p >= Math.Max(1, capacity))))
            throw new ArgumentException($"one own left-pad count per row ({rows}) is needed, each below the capacity {capacity}", nameof(ownLeftPad));
        // The limit is on rotary positions: padding slots, the prefix's and the rows' own, take none.
        long furthest = Enumerable.Range(0, rows).Max(r => prefix.RealLengths[r / group] + capacity - (ownLeftPad?[r] ?? 0));
        if (furthest > config.MaxSeqLen)
            throw new ArgumentOutOfRangeException(nameof(capacity), $"prefix {prefix.Length} + {capacity} own tokens exceed the model's maxSeqLen {config.MaxSeqLen}");
        _prefix = prefix;
        _group = group;
        _foldedHeads = config.Heads / config.KvHeads;
        _fusedPasses = fusedPasses;
        Rows = rows;
        Capacity = capacity;
        _store = keepGradients
            ? KeyValueStore.Growing(config.Layers)
            : KeyValueStore.Preallocated(config.Layers, Rows, config.KvHeads, capacity, config.HeadDim, dtype);
        _startPositions = tensor(prefix.RealLengths.SelectMany(l => Enumerable.Repeat(l, group)).ToArray()).view(Rows, 1).DetachFromDisposeScope();
        if (ownLeftPad is not null && ownLeftPad.Any(p => p > 0))
        {
            _ownPad = tensor(ownLeftPad.ToArray()).view(Rows, 1).DetachFromDisposeScope();
            var slots = arange(capacity, dtype: ScalarType.Int64).view(1, -1);
            _padBias = zeros([Rows, capacity], ScalarType.Float32).masked_fill(slots.lt(_ownPad), double.NegativeInfinity)
                .view(Rows, 1, 1, capacity).DetachFromDisposeScope();
        }
    }

    public int Rows { get; }
    public int Capacity { get; }

    /// <summary>Own tokens cached per row so far.</summary>
    public int Length { get; private set; }

    public Tensor Begin(int count)
    {
        if (Length + count > Capacity) throw new InvalidOperationException($"KV cache full: {Length} + {count} > capacity {Capacity}");
        _passCount = count;
        (_passBias, _passMask) = (null, null);
        if (_fusedPasses && count > 1) _passMask = FusedMask(count);
        else if (_ownPad is not null) _passBias = OwnPaddingBias(count);
        if (_ownPad is not null)
            return _startPositions + (arange(Length, Length + count, dtype: ScalarType.Int64).unsqueeze(0) - _ownPad).clamp_min(0);
        if (count > 1 && _passMask is null)
        {
            // Causal over the row's own tokens; queries are folded [query heads of a kv head × time], so the [T, S]
            // pattern repeats once per folded head.
            var keys = arange(Length + count, dtype: ScalarType.Int64).view(1, -1);
            var queries = arange(Length, Length + count, dtype: ScalarType.Int64).view(-1, 1);
            var causal = zeros([count, Length + count], ScalarType.Float32).masked_fill(keys.gt(queries), double.NegativeInfinity);
            _passBias = causal.repeat(_foldedHeads, 1);
        }
        return _startPositions + arange(Length, Length + count, dtype: ScalarType.Int64).unsqueeze(0);
    }

    /// <summary>
    /// The pass's bias when rows have own padding, broadcastable to [rows, kvHeads, folded heads × count, slots]: padding
    /// slots hidden, causal over the pass's own tokens. A padding query may see itself, so no softmax row is empty when
    /// the prefix is empty too (an empty row gives NaN, which would then leak through the cached values).
    /// </summary>
    private Tensor OwnPaddingBias(int count)
    {
        int slots = Length + count;
        var padding = _padBias!.narrow(-1, 0, slots); // [rows, 1, 1, slots]
        if (count == 1) return padding;
        var keys = arange(slots, dtype: ScalarType.Int64).view(1, -1);
        var queries = arange(Length, slots, dtype: ScalarType.Int64).view(-1, 1);
        var causal = zeros([count, slots], ScalarType.Float32).masked_fill(keys.gt(queries), double.NegativeInfinity);
        var own = (padding.squeeze(1) + causal).masked_fill(keys.eq(queries), 0.0); // [rows, count, slots]
        return own.repeat(1, _foldedHeads, 1).unsqueeze(1);
    }

    /// <summary>
    /// The fused kernel's mask, [rows, 1, count, prefix slots + own slots] (true = may attend): the row's prompt's real
    /// tokens, then its own tokens up to the query, padding hidden; a padding query sees itself (as in <see cref="OwnPaddingBias"/>).
    /// </summary>
    private Tensor FusedMask(int count)
    {
        int slots = Length + count;
        var keys = arange(slots, dtype: ScalarType.Int64).view(1, 1, -1);
        var queries = arange(Length, slots, dtype: ScalarType.Int64).view(1, -1, 1);
        var own = keys.le(queries); // [1, count, slots]
        if (_ownPad is not null) own = own.logical_and(keys.ge(_ownPad.view(-1, 1, 1))).logical_or(keys.eq(queries));
        var prefix = _prefix.Bias.eq(0).repeat_interleave(_group, 0).squeeze(1); // [rows, 1, prefix slots]
        return cat([prefix.expand(Rows, count, -1), own.expand(Rows, count, slots)], -1).unsqueeze(1);
    }

    public Tensor Attend(int layer, Tensor q, Tensor k, Tensor v)
    {
        var (ownKeys, ownValues) = _store.Append(layer, k, v, Length);
        if (_passMask is not null)
        {
            var prefixKeys = _prefix.KeysTransposed[layer].transpose(-1, -2).repeat_interleave(_group, 0);
            var prefixValues = _prefix.Values[layer].repeat_interleave(_group, 0);
            return AttentionMath.Fused(q, cat([prefixKeys, ownKeys], 2), cat([prefixValues, ownValues], 2), _passMask, causal: false);
        }
        return AttentionMath.SharedPrefix(q, _prefix.KeysTransposed[layer], _prefix.Values[layer], _prefix.Bias, ownKeys, ownValues, _passBias, _group);
    }

    public void End()
    {
        Length += _passCount;
        (_passBias, _passMask, _passCount) = (null, null, 0);
    }

    public void Dispose()
    {
        _store.Dispose();
        _startPositions.Dispose();
        _ownPad?.Dispose();
        _padBias?.Dispose();
        _prefix.Dispose();
    }
}

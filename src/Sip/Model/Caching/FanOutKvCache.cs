using static TorchSharp.torch;

namespace Sip.Model.Caching;

/// <summary>
/// Rows that continue shared prompts: <c>group</c> consecutive rows per prompt of a <see cref="SharedPrefix"/> (prompt
/// p's rows are p·G … p·G + G − 1). The prompt's keys are kept once and each row stores only its own tokens, so fanning
/// a prefix out into K rollouts copies nothing and a decode step reads the prefix once per prompt instead of once per
/// row (<see cref="AttentionMath.SharedPrefix"/>). With <c>keepGradients</c> the own keys are kept as computed
/// (training: the chosen and rejected continuations of one prefix, which share its forward and backward pass).
/// </summary>
public sealed class FanOutKvCache : IKvCache, IDisposable
{
    private readonly SharedPrefix _prefix;
    private readonly int _group;
    private readonly int _foldedHeads; // query heads per key/value head
    private readonly KeyValueStore _store;
    private readonly Tensor _startPositions; // [rows, 1]
    private Tensor? _passBias;
    private int _passCount;

    /// <param name="config">the model's shape</param>
    /// <param name="prefix">the prompts' cached keys; this cache owns and disposes them (the <see cref="KvCache"/> they came from may be disposed at once)</param>
    /// <param name="group">rows per prompt</param>
    /// <param name="capacity">own tokens per row at most</param>
    /// <param name="dtype">the model's dtype (of the preallocated buffers)</param>
    /// <param name="keepGradients">keep own keys as computed instead of copying them into buffers</param>
    public FanOutKvCache(LlamaConfig config, SharedPrefix prefix, int group, int capacity, ScalarType dtype, bool keepGradients = false)
    {
        if (group < 1) throw new ArgumentOutOfRangeException(nameof(group));
        if (prefix.Length + capacity > config.MaxSeqLen)
            throw new ArgumentOutOfRangeException(nameof(capacity), $"prefix {prefix.Length} + {capacity} own tokens exceed the model's maxSeqLen {config.MaxSeqLen}");
        _prefix = prefix;
        _group = group;
        _foldedHeads = config.Heads / config.KvHeads;
        Rows = prefix.Prompts * group;
        Capacity = capacity;
        _store = keepGradients
            ? KeyValueStore.Growing(config.Layers)
            : KeyValueStore.Preallocated(config.Layers, Rows, config.KvHeads, capacity, config.HeadDim, dtype);
        _startPositions = tensor(prefix.RealLengths.SelectMany(l => Enumerable.Repeat(l, group)).ToArray()).view(Rows, 1).DetachFromDisposeScope();
    }

    public int Rows { get; }
    public int Capacity { get; }

    /// <summary>Own tokens cached per row so far.</summary>
    public int Length { get; private set; }

    public Tensor Begin(int count)
    {
        if (Length + count > Capacity) throw new InvalidOperationException($"KV cache full: {Length} + {count} > capacity {Capacity}");
        _passCount = count;
        _passBias = null;
        if (count > 1)
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

    public Tensor Attend(int layer, Tensor q, Tensor k, Tensor v)
    {
        var (ownKeys, ownValues) = _store.Append(layer, k, v, Length);
        return AttentionMath.SharedPrefix(q, _prefix.KeysTransposed[layer], _prefix.Values[layer], _prefix.Bias, ownKeys, ownValues, _passBias, _group);
    }

    public void End()
    {
        Length += _passCount;
        (_passBias, _passCount) = (null, 0);
    }

    public void Dispose()
    {
        _store.Dispose();
        _startPositions.Dispose();
        _prefix.Dispose();
    }
}

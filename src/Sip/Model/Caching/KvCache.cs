using static TorchSharp.torch;

namespace Sip.Model.Caching;

/// <summary>
/// Keys and values of every layer for a batch of rows, each row its own sequence. Rows may be left-padded to a
/// common length (prompts of different lengths run in lockstep): <see cref="LeftPad"/> says how many leading slots of
/// each row are padding, which attention ignores and rotary positions skip. Used to prefill prompts (then shared by
/// their rollouts through <see cref="FanOutKvCache"/>), and for single sequences. With <c>keepGradients</c> the keys
/// are kept as computed instead of copied into buffers, so a later pass's loss reaches them (training).
/// </summary>
public sealed class KvCache : IKvCache, IDisposable
{
    private readonly LlamaConfig _config;
    private readonly ScalarType _dtype;
    private readonly KeyValueStore _store;
    private readonly long[] _leftPad;
    private readonly Tensor _leftPadTensor; // [rows, 1]
    private readonly bool _padded;
    private Tensor? _passMask;
    private bool _passCausal;
    private int _passCount;

    public KvCache(LlamaConfig config, int rows, int capacity, ScalarType dtype, long[]? leftPad = null, bool keepGradients = false)
    {
        if (capacity > config.MaxSeqLen)
            throw new ArgumentOutOfRangeException(nameof(capacity), $"cache capacity {capacity} exceeds the model's maxSeqLen {config.MaxSeqLen}");
        _leftPad = leftPad ?? new long[rows];
        if (_leftPad.Length != rows) throw new ArgumentException("one left-pad count per row is needed", nameof(leftPad));
        if (_leftPad.Any(p => p < 0 || p > capacity)) throw new ArgumentException("left padding must lie within the capacity", nameof(leftPad));
        _config = config;
        _dtype = dtype;
        Rows = rows;
        Capacity = capacity;
        _padded = _leftPad.Any(p => p != 0);
        _leftPadTensor = tensor(_leftPad).view(rows, 1).DetachFromDisposeScope();
        _store = keepGradients
            ? KeyValueStore.Growing(config.Layers)
            : KeyValueStore.Preallocated(config.Layers, rows, config.KvHeads, capacity, config.HeadDim, dtype);
    }

    public int Rows { get; }
    public int Capacity { get; }

    /// <summary>Slots filled so far (padding included); the next token goes to slot <see cref="Length"/>.</summary>
    public int Length { get; private set; }

    public IReadOnlyList<long> LeftPad => _leftPad;

    /// <summary>
    /// Rotary positions of the next <paramref name="count"/> tokens (slots minus padding), and the pass's mask: causal,
    /// padding excluded, or none where plain attention is already right. A padding query may see itself, so no row of
    /// the softmax is empty (an empty row gives NaN, which would then leak through the cached values).
    /// </summary>
    public Tensor Begin(int count)
    {
        if (Length + count > Capacity) throw new InvalidOperationException($"KV cache full: {Length} + {count} > capacity {Capacity}");
        _passCount = count;
        (_passMask, _passCausal) = (null, false);
        if (!_padded && Length == 0 && count > 1) _passCausal = true;
        else if (_padded || count > 1)
        {
            var keys = arange(Length + count, dtype: ScalarType.Int64).view(1, 1, -1);            // [1, 1, S]
            var queries = arange(Length, Length + count, dtype: ScalarType.Int64).view(1, -1, 1); // [1, T, 1]
            var pad = _leftPadTensor.view(-1, 1, 1);                                               // [B, 1, 1]
            _passMask = keys.le(queries).logical_and(keys.ge(pad).logical_or(keys.eq(queries))).unsqueeze(1); // [B, 1, T, S]
        }
        var slots = arange(Length, Length + count, dtype: ScalarType.Int64).unsqueeze(0);
        return (slots - _leftPadTensor).clamp_min(0);
    }

    public Tensor Attend(int layer, Tensor q, Tensor k, Tensor v)
    {
        var (keys, values) = _store.Append(layer, k, v, Length);
        return AttentionMath.Fused(q, keys, values, _passMask, _passCausal);
    }

    public void End()
    {
        Length += _passCount;
        (_passMask, _passCount) = (null, 0);
    }

    /// <summary>The cached tokens as a prompt batch that fanned-out rows attend to (<see cref="FanOutKvCache"/>).</summary>
    public SharedPrefix ToSharedPrefix()
    {
        var keys = new Tensor[_config.Layers];
        var values = new Tensor[_config.Layers];
        for (int layer = 0; layer < _config.Layers; layer++)
        {
            var (k, v) = Length > 0 ? _store.Read(layer, Length)
                : (zeros([Rows, _config.KvHeads, 0, _config.HeadDim], _dtype), zeros([Rows, _config.KvHeads, 0, _config.HeadDim], _dtype));
            keys[layer] = k.DetachFromDisposeScope();
            values[layer] = v.DetachFromDisposeScope();
        }
        return new SharedPrefix(keys, values, _leftPad, Length);
    }

    public void Dispose()
    {
        _store.Dispose();
        _leftPadTensor.Dispose();
    }
}

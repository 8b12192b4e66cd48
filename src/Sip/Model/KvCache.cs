using static TorchSharp.torch;

namespace Sip.Model;

/// <summary>
/// Preallocated keys and values for every layer, [rows, kvHeads, capacity, headDim] each, so decoding appends in place
/// instead of concatenating. Rows may be left-padded to a common length (prompts of different lengths decode in
/// lockstep): <see cref="LeftPad"/> says how many leading slots of each row are padding, which attention ignores and
/// rotary positions skip. <see cref="Repeat"/> fans a prefilled cache out into K rows per prompt, so a prefix is
/// encoded once however many rollouts it gets.
/// </summary>
public sealed class KvCache : IDisposable
{
    private readonly Tensor[] _keys;
    private readonly Tensor[] _values;
    private readonly long[] _leftPad;
    private readonly Tensor _leftPadTensor; // [rows, 1]

    public KvCache(LlamaConfig config, int rows, int capacity, ScalarType dtype, long[]? leftPad = null)
    {
        if (capacity > config.MaxSeqLen)
            throw new ArgumentOutOfRangeException(nameof(capacity), $"cache capacity {capacity} exceeds the model's maxSeqLen {config.MaxSeqLen}");
        Rows = rows;
        Capacity = capacity;
        _leftPad = leftPad ?? new long[rows];
        if (_leftPad.Length != rows) throw new ArgumentException("one left-pad count per row is needed", nameof(leftPad));
        _leftPadTensor = tensor(_leftPad).view(rows, 1);
        _keys = new Tensor[config.Layers];
        _values = new Tensor[config.Layers];
        for (int layer = 0; layer < config.Layers; layer++)
        {
            _keys[layer] = zeros([rows, config.KvHeads, capacity, config.HeadDim], dtype);
            _values[layer] = zeros([rows, config.KvHeads, capacity, config.HeadDim], dtype);
        }
    }

    private KvCache(Tensor[] keys, Tensor[] values, long[] leftPad, int capacity, int length)
    {
        _keys = keys;
        _values = values;
        _leftPad = leftPad;
        _leftPadTensor = tensor(leftPad).view(leftPad.Length, 1);
        Rows = leftPad.Length;
        Capacity = capacity;
        Length = length;
    }

    public int Rows { get; }
    public int Capacity { get; }

    /// <summary>Slots filled so far (padding included); the next token goes to slot <see cref="Length"/>.</summary>
    public int Length { get; private set; }

    public IReadOnlyList<long> LeftPad => _leftPad;

    private bool HasPadding => _leftPad.Any(p => p != 0);

    /// <summary>Rotary positions of the next <paramref name="count"/> tokens of every row, [rows, count]: slots minus padding.</summary>
    public Tensor PositionsOfNext(int count)
    {
        var slots = arange(Length, Length + count, dtype: ScalarType.Int64).unsqueeze(0);
        return (slots - _leftPadTensor).clamp_min(0);
    }

    /// <summary>
    /// The attention mask for the next <paramref name="count"/> queries over slots [0, Length + count): causal, padding
    /// excluded; null where plain attention (no mask) is already right. A padding query may see itself, so no row of
    /// the softmax is empty (an empty row gives NaN, which would then leak through the cached values).
    /// </summary>
    public (Tensor? Mask, bool Causal) MaskForNext(int count)
    {
        if (!HasPadding)
        {
            if (count == 1) return (null, false);
            if (Length == 0) return (null, true);
        }
        var keys = arange(Length + count, dtype: ScalarType.Int64).view(1, 1, -1);            // [1, 1, S]
        var queries = arange(Length, Length + count, dtype: ScalarType.Int64).view(1, -1, 1); // [1, T, 1]
        var pad = _leftPadTensor.view(-1, 1, 1);                                               // [B, 1, 1]
        var allowed = keys.le(queries).logical_and(keys.ge(pad).logical_or(keys.eq(queries)));
        return (allowed.unsqueeze(1), false);                                                  // [B, 1, T, S]
    }

    /// <summary>Writes this step's keys and values of <paramref name="layer"/> and returns everything cached so far.</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        long count = keys.shape[2];
        if (Length + count > Capacity)
            throw new InvalidOperationException($"KV cache full: {Length} + {count} > capacity {Capacity}");
        _keys[layer].narrow(2, Length, count).copy_(keys);
        _values[layer].narrow(2, Length, count).copy_(values);
        return (_keys[layer].narrow(2, 0, Length + count), _values[layer].narrow(2, 0, Length + count));
    }

    /// <summary>Marks <paramref name="count"/> more slots filled; called once per forward pass, after the last layer.</summary>
    public void Advance(int count) => Length += count;

    /// <summary>A new cache with each row repeated <paramref name="times"/> times consecutively (row r → rows r·K … r·K+K−1).</summary>
    public KvCache Repeat(int times)
    {
        var keys = _keys.Select(k => k.repeat_interleave(times, dim: 0)).ToArray();
        var values = _values.Select(v => v.repeat_interleave(times, dim: 0)).ToArray();
        var pad = _leftPad.SelectMany(p => Enumerable.Repeat(p, times)).ToArray();
        return new KvCache(keys, values, pad, Capacity, Length);
    }

    public void Dispose()
    {
        foreach (var t in _keys) t.Dispose();
        foreach (var t in _values) t.Dispose();
        _leftPadTensor.Dispose();
    }
}

using static TorchSharp.torch;

namespace Sip.Model.Caching;

/// <summary>
/// Per-layer keys and values of cached tokens, [rows, kvHeads, length, headDim] each. Inference writes them in place
/// into buffers allocated once (<see cref="Preallocated"/>), so decoding never copies what it already holds. Training
/// needs gradients to reach earlier tokens' keys, which an in-place write would break, so <see cref="Growing"/> keeps
/// the tensors themselves and concatenates.
/// </summary>
internal sealed class KeyValueStore : IDisposable
{
    private readonly Tensor?[] _keys;
    private readonly Tensor?[] _values;
    private readonly bool _preallocated;

    private KeyValueStore(Tensor?[] keys, Tensor?[] values, bool preallocated)
    {
        _keys = keys;
        _values = values;
        _preallocated = preallocated;
    }

    public static KeyValueStore Preallocated(int layers, int rows, int kvHeads, int capacity, int headDim, ScalarType dtype)
    {
        var keys = new Tensor?[layers];
        var values = new Tensor?[layers];
        for (int layer = 0; layer < layers; layer++)
        {
            keys[layer] = zeros([rows, kvHeads, capacity, headDim], dtype).DetachFromDisposeScope();
            values[layer] = zeros([rows, kvHeads, capacity, headDim], dtype).DetachFromDisposeScope();
        }
        return new KeyValueStore(keys, values, preallocated: true);
    }

    public static KeyValueStore Growing(int layers) => new(new Tensor?[layers], new Tensor?[layers], preallocated: false);

    /// <summary>Stores <paramref name="keys"/>/<paramref name="values"/> at slots [length, length + count) and returns slots [0, length + count).</summary>
    public (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values, int length)
    {
        long count = keys.shape[2];
        if (_preallocated)
        {
            var k = _keys[layer]!;
            if (length + count > k.shape[2]) throw new InvalidOperationException($"KV cache full: {length} + {count} > capacity {k.shape[2]}");
            k.narrow(2, length, count).copy_(keys);
            _values[layer]!.narrow(2, length, count).copy_(values);
            return (k.narrow(2, 0, length + count), _values[layer]!.narrow(2, 0, length + count));
        }
        // The stored tensors must outlive the pass's dispose scope; this store disposes them.
        var (oldKeys, oldValues) = (_keys[layer], _values[layer]);
        _keys[layer] = (oldKeys is null ? keys.alias() : cat([oldKeys, keys], 2)).DetachFromDisposeScope();
        _values[layer] = (oldValues is null ? values.alias() : cat([oldValues, values], 2)).DetachFromDisposeScope();
        oldKeys?.Dispose();
        oldValues?.Dispose();
        return (_keys[layer]!, _values[layer]!);
    }

    /// <summary>Slots [0, length) of <paramref name="layer"/>.</summary>
    public (Tensor Keys, Tensor Values) Read(int layer, int length)
    {
        var (k, v) = (_keys[layer], _values[layer]);
        if (k is null || v is null) throw new InvalidOperationException($"layer {layer} holds no keys yet");
        return (k.narrow(2, 0, length), v.narrow(2, 0, length));
    }

    public void Dispose()
    {
        foreach (var t in _keys) t?.Dispose();
        foreach (var t in _values) t?.Dispose();
    }
}

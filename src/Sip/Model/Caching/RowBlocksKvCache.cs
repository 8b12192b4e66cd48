using static TorchSharp.torch;

namespace Sip.Model.Caching;

/// <summary>
/// Consecutive blocks of rows, each with a cache of its own, run as one batch: the model's projections and feed-forward
/// layers see every row at once, and each block's rows attend only through their block's cache. A batch of judge
/// requests built from several templates is such a batch: the requests of one template share that template's prefix
/// (one <see cref="FanOutKvCache"/> per template), and all of them decode together.
/// </summary>
public sealed class RowBlocksKvCache : IKvCache, IDisposable
{
    private readonly IReadOnlyList<IKvCache> _blocks;

    /// <param name="blocks">the caches of rows [0, n₀), [n₀, n₀ + n₁), …, in order; this cache disposes them</param>
    public RowBlocksKvCache(IReadOnlyList<IKvCache> blocks)
    {
        if (blocks.Count == 0) throw new ArgumentException("at least one block of rows is needed", nameof(blocks));
        _blocks = blocks;
        Rows = blocks.Sum(b => b.Rows);
    }

    public int Rows { get; }

    public Tensor Begin(int count) => _blocks.Count == 1 ? _blocks[0].Begin(count) : cat(_blocks.Select(b => b.Begin(count)).ToArray(), 0);

    public Tensor Attend(int layer, Tensor q, Tensor k, Tensor v)
    {
        if (_blocks.Count == 1) return _blocks[0].Attend(layer, q, k, v);
        var outputs = new Tensor[_blocks.Count];
        for (int b = 0, row = 0; b < _blocks.Count; row += _blocks[b].Rows, b++)
        {
            int rows = _blocks[b].Rows;
            outputs[b] = _blocks[b].Attend(layer, q.narrow(0, row, rows), k.narrow(0, row, rows), v.narrow(0, row, rows));
        }
        return cat(outputs, 0);
    }

    public void End()
    {
        foreach (var block in _blocks) block.End();
    }

    public void Dispose()
    {
        foreach (var block in _blocks) (block as IDisposable)?.Dispose();
    }
}

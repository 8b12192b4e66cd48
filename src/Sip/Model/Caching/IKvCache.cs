using static TorchSharp.torch;

namespace Sip.Model.Caching;

/// <summary>
/// What a forward pass attends to beyond its own tokens, and where it leaves its keys and values for later passes.
/// A pass is bracketed: <see cref="Begin"/> once (positions, and any mask the pass needs, built once for all layers),
/// <see cref="Attend"/> once per layer, <see cref="End"/> once after the last layer.
/// </summary>
public interface IKvCache
{
    /// <summary>Rows the cache holds (the batch size of every pass).</summary>
    int Rows { get; }

    /// <summary>Starts a pass over <paramref name="count"/> new tokens per row; returns their rotary positions, [rows, count].</summary>
    Tensor Begin(int count);

    /// <summary>
    /// Stores this pass's keys and values of <paramref name="layer"/> and returns the attention output of its queries
    /// over everything the row may see. q: [rows, heads, count, headDim]; k, v: [rows, kvHeads, count, headDim].
    /// </summary>
    Tensor Attend(int layer, Tensor q, Tensor k, Tensor v);

    /// <summary>Marks the pass's tokens as cached.</summary>
    void End();
}

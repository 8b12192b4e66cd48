using static TorchSharp.torch;

namespace Sip.Model;

/// <summary>
/// Rotary position embedding in Hugging Face's "rotate half" layout: the head dimension is split into two halves that
/// rotate as pairs (i, i + d/2). Using that layout lets Hugging Face Llama weights load without permuting q and k.
/// cos and sin are precomputed for every position once, in fp32, from <see cref="RopeScaling.InverseFrequencies"/>.
/// </summary>
public sealed class RotaryEmbedding : IDisposable
{
    private readonly Tensor _cos; // [maxSeqLen, headDim]
    private readonly Tensor _sin;

    public RotaryEmbedding(int headDim, int maxSeqLen, double theta, RopeScaling? scaling = null)
    {
        using var scope = NewDisposeScope();
        var inverseFrequencies = tensor((scaling ?? new RopeScaling()).InverseFrequencies(headDim, theta), dtype: ScalarType.Float64);
        var angles = outer(arange(maxSeqLen, dtype: ScalarType.Float64), inverseFrequencies);
        var doubled = cat([angles, angles], dim: -1);
        _cos = doubled.cos().to(ScalarType.Float32).MoveToOuterDisposeScope();
        _sin = doubled.sin().to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>cos and sin for <paramref name="positions"/> [B, T], shaped [B, 1, T, headDim] to broadcast over heads.</summary>
    public (Tensor Cos, Tensor Sin) At(Tensor positions, ScalarType dtype)
    {
        var cos = _cos.index_select(0, positions.flatten()).view(positions.shape[0], 1, positions.shape[1], -1);
        var sin = _sin.index_select(0, positions.flatten()).view(positions.shape[0], 1, positions.shape[1], -1);
        return dtype == ScalarType.Float32 ? (cos, sin) : (cos.to(dtype), sin.to(dtype));
    }

    /// <summary>cos and sin for positions 0..T-1, shaped [1, 1, T, headDim] (the uncached training path).</summary>
    public (Tensor Cos, Tensor Sin) Prefix(long length, ScalarType dtype)
    {
        var cos = _cos.narrow(0, 0, length).unsqueeze(0).unsqueeze(0);
        var sin = _sin.narrow(0, 0, length).unsqueeze(0).unsqueeze(0);
        return dtype == ScalarType.Float32 ? (cos, sin) : (cos.to(dtype), sin.to(dtype));
    }

    /// <summary>x·cos + rotate_half(x)·sin, for x shaped [B, heads, T, headDim].</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        long half = x.shape[^1] / 2;
        var rotated = cat([-x.narrow(-1, half, half), x.narrow(-1, 0, half)], dim: -1);
        return x * cos + rotated * sin;
    }

    public void Dispose()
    {
        _cos.Dispose();
        _sin.Dispose();
    }
}

using static TorchSharp.torch;

namespace Sip.Model;

/// <summary>
/// Rotary position embedding in Hugging Face's "rotate half" layout: the head dimension is split into two halves that
/// rotate as pairs (i, i + d/2). Using that layout lets Hugging Face Llama weights load without permuting q and k.
/// cos and sin are precomputed for every position once, in fp32, from <see cref="RopeScaling.InverseFrequencies"/>.
/// The sin table carries rotate-half's sign (its first half negated), so applying the rotation is a roll and three
/// element-wise ops instead of seven: decoding is bound by the number of calls per step, not by their arithmetic.
/// </summary>
public sealed class RotaryEmbedding : IDisposable
{
    private readonly Tensor _cos; // [maxSeqLen, headDim]
    private readonly Tensor _sin; // [maxSeqLen, headDim], first half negated

    public RotaryEmbedding(int headDim, int maxSeqLen, double theta, RopeScaling? scaling = null)
    {
        using var scope = NewDisposeScope();
        var inverseFrequencies = tensor((scaling ?? new RopeScaling()).InverseFrequencies(headDim, theta), dtype: ScalarType.Float64);
        var angles = outer(arange(maxSeqLen, dtype: ScalarType.Float64), inverseFrequencies);
        var doubled = cat([angles, angles], dim: -1);
        _cos = doubled.cos().to(ScalarType.Float32).MoveToOuterDisposeScope();
        var sign = cat([full(angles.shape[1], -1.0, dtype: ScalarType.Float64), ones(angles.shape[1], dtype: ScalarType.Float64)]);
        _sin = (doubled.sin() * sign).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>cos and (sign-folded) sin for <paramref name="positions"/> [B, T], shaped [B, 1, T, headDim] to broadcast over heads.</summary>
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

    /// <summary>
    /// x·cos + rotate_half(x)·sin, for x shaped [B, heads, T, headDim]: rotate_half(x) = cat(−x₂, x₁) is
    /// roll(x, d/2) = cat(x₂, x₁) with the first half negated, and that sign is already in <paramref name="signedSin"/>.
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor signedSin) => x * cos + x.roll(x.shape[^1] / 2, -1) * signedSin;

    public void Dispose()
    {
        _cos.Dispose();
        _sin.Dispose();
    }
}

using static TorchSharp.torch;

namespace Sip.Model.Caching;

/// <summary>
/// Cached keys and values of P left-padded prompts, [P, kvHeads, length, headDim] per layer, that several rows each
/// attend to (a prefix's K rollouts, or the chosen and rejected continuations of one prefix). Stored once per prompt.
/// </summary>
public sealed class SharedPrefix : IDisposable
{
    internal SharedPrefix(Tensor[] keys, Tensor[] values, long[] leftPad, int length)
    {
        KeysTransposed = keys.Select(k => k.transpose(-1, -2).contiguous().DetachFromDisposeScope()).ToArray();
        foreach (var k in keys) k.Dispose();
        Values = values;
        Length = length;
        RealLengths = leftPad.Select(p => Math.Max(0, length - p)).ToArray();
        // 0 where a key is a real token, −∞ on left padding; fp32 because scores are compared in fp32.
        var slots = arange(length, dtype: ScalarType.Int64).view(1, 1, 1, -1);
        var pad = tensor(leftPad).view(-1, 1, 1, 1);
        Bias = zeros([leftPad.Length, 1, 1, length], ScalarType.Float32)
            .masked_fill(slots.lt(pad), double.NegativeInfinity).DetachFromDisposeScope();
    }

    private SharedPrefix(Tensor[] keysTransposed, Tensor[] values, Tensor bias, long[] realLengths, int length)
    {
        KeysTransposed = keysTransposed;
        Values = values;
        Bias = bias;
        RealLengths = realLengths;
        Length = length;
    }

    /// <summary>
    /// Prompts [<paramref name="start"/>, start + <paramref name="count"/>) as a prefix of their own: views of the same
    /// keys and values (nothing is copied), owned and disposed independently of this one (libtorch counts references
    /// to the storage).
    /// </summary>
    public SharedPrefix Slice(int start, int count)
    {
        if (start < 0 || count < 1 || start + count > Prompts)
            throw new ArgumentOutOfRangeException(start < 0 || start >= Prompts ? nameof(start) : nameof(count), $"prompts [{start}, {start + count}) of {Prompts}");
        Tensor[] Views(IReadOnlyList<Tensor> tensors) => tensors.Select(t => t.narrow(0, start, count).DetachFromDisposeScope()).ToArray();
        return new SharedPrefix(Views(KeysTransposed), Views(Values), Bias.narrow(0, start, count).DetachFromDisposeScope(),
            RealLengths.Skip(start).Take(count).ToArray(), Length);
    }

    /// <summary>Keys per layer, transposed: [P, kvHeads, headDim, length], contiguous (what the score product reads fastest).</summary>
    public IReadOnlyList<Tensor> KeysTransposed { get; }

    /// <summary>Values per layer, [P, kvHeads, length, headDim].</summary>
    public IReadOnlyList<Tensor> Values { get; }

    /// <summary>Additive attention bias over the prefix slots, [P, 1, 1, length].</summary>
    public Tensor Bias { get; }

    public int Prompts => RealLengths.Count;

    /// <summary>Slots per prompt, padding included.</summary>
    public int Length { get; }

    /// <summary>Tokens of each prompt without its padding: where its continuation's positions start.</summary>
    public IReadOnlyList<long> RealLengths { get; }

    public void Dispose()
    {
        foreach (var t in KeysTransposed) t.Dispose();
        foreach (var t in Values) t.Dispose();
        Bias.Dispose();
    }
}

using static TorchSharp.torch;

namespace Sip.Interop;

/// <summary>
/// llama.cpp's "llama" architecture applies rotary embeddings to interleaved pairs (0,1), (2,3), ... of each head,
/// while Hugging Face (and sip) rotate the two halves (i, i + d/2). The same model is obtained by reordering the rows
/// of the q and k projections head by head: row h·d + 2i + s of llama.cpp's matrix is row h·d + s·d/2 + i of sip's.
/// This is what convert_hf_to_gguf.py's permute does; <see cref="Unpermute"/> undoes it.
/// </summary>
public static class LlamaCppLayout
{
    /// <summary>Rows of a q or k projection [heads·headDim, in] reordered from rotate-half to interleaved pairs.</summary>
    public static Tensor Permute(Tensor weight, int heads)
    {
        long rows = weight.shape[0], half = rows / heads / 2;
        if (rows % (heads * 2) != 0) throw new ArgumentException($"{rows} rows do not split into {heads} heads of even width", nameof(weight));
        return weight.reshape(heads, 2, half, -1).transpose(1, 2).reshape(weight.shape);
    }

    /// <summary>The inverse of <see cref="Permute"/>: interleaved pairs back to rotate-half.</summary>
    public static Tensor Unpermute(Tensor weight, int heads)
    {
        long rows = weight.shape[0], half = rows / heads / 2;
        if (rows % (heads * 2) != 0) throw new ArgumentException($"{rows} rows do not split into {heads} heads of even width", nameof(weight));
        return weight.reshape(heads, half, 2, -1).transpose(1, 2).reshape(weight.shape);
    }

    /// <summary>
    /// The source row of each output row of <see cref="Permute"/> for one head of width <paramref name="headDim"/>:
    /// a pure statement of the layout, for documentation and tests.
    /// </summary>
    public static int[] PermutedRowOrder(int headDim)
    {
        var order = new int[headDim];
        for (int i = 0; i < headDim / 2; i++)
        {
            order[2 * i] = i;
            order[2 * i + 1] = i + headDim / 2;
        }
        return order;
    }
}

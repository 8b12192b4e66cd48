using Sip.Interop;
using static TorchSharp.torch;

namespace Sip.Tests.Interop;

public sealed class LlamaCppLayoutTests
{
    [Fact]
    public void PermutedRowOrder_InterleavesTheTwoHalvesOfAHead()
    {
        Assert.Equal([0, 4, 1, 5, 2, 6, 3, 7], LlamaCppLayout.PermutedRowOrder(8));
    }

    [Fact]
    public void Permute_ReordersRowsWithinEachHead()
    {
        // Two heads of width 4, one column: rows are their own indices.
        using var weight = arange(8, dtype: ScalarType.Float32).view(8, 1);

        using var permuted = LlamaCppLayout.Permute(weight, heads: 2);

        Assert.Equal([0f, 2, 1, 3, 4, 6, 5, 7], permuted.flatten().data<float>().ToArray());
    }

    [Fact]
    public void Unpermute_UndoesPermute()
    {
        using var weight = randn(48, 5);

        using var back = LlamaCppLayout.Unpermute(LlamaCppLayout.Permute(weight, heads: 3), heads: 3);

        Assert.True(back.equal(weight).all().item<bool>());
    }

    [Fact]
    public void Permute_RefusesRowsThatDoNotSplitIntoEvenHeads()
    {
        using var weight = zeros(12, 2);

        Assert.Throws<ArgumentException>(() => LlamaCppLayout.Permute(weight, heads: 4));
    }

    [Theory]
    [InlineData("embed_tokens.weight", "token_embd.weight")]
    [InlineData("norm.weight", "output_norm.weight")]
    [InlineData("lm_head.weight", "output.weight")]
    [InlineData("layers.3.self_attn.o_proj.weight", "blk.3.attn_output.weight")]
    [InlineData("layers.10.mlp.gate_proj.weight", "blk.10.ffn_gate.weight")]
    [InlineData("layers.0.input_layernorm.weight", "blk.0.attn_norm.weight")]
    [InlineData("layers.0.post_attention_layernorm.weight", "blk.0.ffn_norm.weight")]
    public void GgufNames_AreLlamaCpps(string sip, string gguf)
    {
        Assert.Equal(gguf, LlamaTensorLayout.ToGguf(sip));
    }
}

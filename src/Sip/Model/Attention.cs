using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sip.Model;

/// <summary>Multi-head self-attention with rotary positions, optional grouped-query heads and an optional KV cache.</summary>
public sealed class Attention : nn.Module<Tensor, Tensor>
{
    private readonly int _heads, _kvHeads, _headDim;
    public readonly Linear q_proj, k_proj, v_proj, o_proj;

    public Attention(LlamaConfig config) : base(nameof(Attention))
    {
        _heads = config.Heads;
        _kvHeads = config.KvHeads;
        _headDim = config.HeadDim;
        q_proj = nn.Linear(config.Dim, _heads * _headDim, hasBias: false);
        k_proj = nn.Linear(config.Dim, _kvHeads * _headDim, hasBias: false);
        v_proj = nn.Linear(config.Dim, _kvHeads * _headDim, hasBias: false);
        o_proj = nn.Linear(_heads * _headDim, config.Dim, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => throw new NotSupportedException("call Forward with rotary tables");

    /// <param name="x">[B, T, dim]</param>
    /// <param name="cos">rotary cos, broadcastable to [B, heads, T, headDim]</param>
    /// <param name="sin">rotary sin, same shape as cos</param>
    /// <param name="cache">keys and values of earlier tokens; null for a full causal pass</param>
    /// <param name="layer">this block's index in the cache</param>
    /// <param name="mask">boolean [B, 1, T, S] (true = may attend), or null</param>
    /// <param name="causal">whether plain causal masking applies (only with a null mask and T = S)</param>
    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, KvCache? cache, int layer, Tensor? mask, bool causal)
    {
        long batch = x.shape[0], length = x.shape[1];
        var q = q_proj.forward(x).view(batch, length, _heads, _headDim).transpose(1, 2);
        var k = k_proj.forward(x).view(batch, length, _kvHeads, _headDim).transpose(1, 2);
        var v = v_proj.forward(x).view(batch, length, _kvHeads, _headDim).transpose(1, 2);
        q = RotaryEmbedding.Apply(q, cos, sin);
        k = RotaryEmbedding.Apply(k, cos, sin);
        if (cache is not null) (k, v) = cache.Append(layer, k, v);
        if (_kvHeads != _heads)
        {
            k = k.repeat_interleave(_heads / _kvHeads, dim: 1);
            v = v.repeat_interleave(_heads / _kvHeads, dim: 1);
        }
        var attended = F.scaled_dot_product_attention(q, k, v, attn_mask: mask, is_casual: causal);
        return o_proj.forward(attended.transpose(1, 2).reshape(batch, length, _heads * _headDim));
    }
}

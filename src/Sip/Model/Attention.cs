using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Sip.Model.Caching;

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
    /// <param name="cache">keys and values of earlier tokens, which also receives these; null for a full causal pass</param>
    /// <param name="layer">this block's index in the cache</param>
    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, IKvCache? cache, int layer)
    {
        long batch = x.shape[0], length = x.shape[1];
        var q = q_proj.forward(x).view(batch, length, _heads, _headDim).transpose(1, 2);
        var k = k_proj.forward(x).view(batch, length, _kvHeads, _headDim).transpose(1, 2);
        var v = v_proj.forward(x).view(batch, length, _kvHeads, _headDim).transpose(1, 2);
        q = RotaryEmbedding.Apply(q, cos, sin);
        k = RotaryEmbedding.Apply(k, cos, sin);
        var attended = cache is null
            ? AttentionMath.Fused(q, k, v, mask: null, causal: length > 1)
            : cache.Attend(layer, q, k, v);
        return o_proj.forward(attended.transpose(1, 2).reshape(batch, length, _heads * _headDim));
    }
}

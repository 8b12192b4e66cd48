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
    // While an InferenceSession is open: q/k/v concatenated and every weight transposed to [in, out], contiguous.
    private Tensor? _qkvT, _outT;

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

    /// <summary>Builds (or, with false, drops) the weights gradient-free passes use; see <see cref="InferenceSession"/>.</summary>
    internal void Fuse(bool on)
    {
        _qkvT?.Dispose();
        _outT?.Dispose();
        (_qkvT, _outT) = (null, null);
        if (!on) return;
        using var _ = no_grad();
        _qkvT = InferenceSession.Transposed(cat([q_proj.weight!, k_proj.weight!, v_proj.weight!], 0));
        _outT = InferenceSession.Transposed(o_proj.weight!);
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
        Tensor q, k, v;
        bool fused = _qkvT is not null && !is_grad_enabled();
        if (fused)
        {
            // One product for q, k and v, and one rotation for q and k together: decoding is bound by calls, not FLOPs.
            var qkv = x.matmul(_qkvT!).view(batch, length, _heads + 2 * _kvHeads, _headDim).transpose(1, 2);
            var rotated = RotaryEmbedding.Apply(qkv.narrow(1, 0, _heads + _kvHeads), cos, sin);
            q = rotated.narrow(1, 0, _heads);
            k = rotated.narrow(1, _heads, _kvHeads);
            v = qkv.narrow(1, _heads + _kvHeads, _kvHeads);
        }
        else
        {
            q = RotaryEmbedding.Apply(q_proj.forward(x).view(batch, length, _heads, _headDim).transpose(1, 2), cos, sin);
            k = RotaryEmbedding.Apply(k_proj.forward(x).view(batch, length, _kvHeads, _headDim).transpose(1, 2), cos, sin);
            v = v_proj.forward(x).view(batch, length, _kvHeads, _headDim).transpose(1, 2);
        }
        var attended = cache is null
            ? AttentionMath.Fused(q, k, v, mask: null, causal: length > 1)
            : cache.Attend(layer, q, k, v);
        var merged = attended.transpose(1, 2).reshape(batch, length, _heads * _headDim);
        return fused ? merged.matmul(_outT!) : o_proj.forward(merged);
    }
}

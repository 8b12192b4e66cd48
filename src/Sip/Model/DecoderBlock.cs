using Sip.Model.Caching;
using TorchSharp;
using static TorchSharp.torch;

namespace Sip.Model;

/// <summary>Pre-norm decoder block: x + attn(norm(x)), then + mlp(norm(·)).</summary>
public sealed class DecoderBlock : nn.Module<Tensor, Tensor>
{
    public readonly RmsNorm input_layernorm, post_attention_layernorm;
    public readonly Attention self_attn;
    public readonly FeedForward mlp;

    public DecoderBlock(LlamaConfig config) : base(nameof(DecoderBlock))
    {
        input_layernorm = new RmsNorm(config.Dim, config.NormEps);
        self_attn = new Attention(config);
        post_attention_layernorm = new RmsNorm(config.Dim, config.NormEps);
        mlp = new FeedForward(config);
        RegisterComponents();
    }

    internal void Fuse(bool on)
    {
        self_attn.Fuse(on);
        mlp.Fuse(on);
    }

    public override Tensor forward(Tensor x) => throw new NotSupportedException("call Forward with rotary tables");

    public Tensor Forward(Tensor x, Tensor cos, Tensor sin, IKvCache? cache, int layer)
    {
        var h = x + self_attn.Forward(input_layernorm.forward(x), cos, sin, cache, layer);
        return h + mlp.forward(post_attention_layernorm.forward(h));
    }
}

using Sip.Model;
using static TorchSharp.torch;

namespace Sip.Tests.Model;

/// <summary>
/// A second, deliberately naive Llama forward pass written from the architecture's definition: explicit per-head loops,
/// rotary embedding by pairs (i, i + d/2) with explicit angles, a hand-built causal mask and softmax. It shares only
/// the weights with <see cref="LlamaModel"/>, so agreement checks the production wiring (SDPA, GQA, rotate-half, ties).
/// </summary>
internal static class ReferenceLlama
{
    public static Tensor Logits(LlamaModel model, long[] tokens)
    {
        using var _ = no_grad();
        var c = model.Config;
        var p = model.named_parameters().ToDictionary(x => x.name, x => x.parameter.to(ScalarType.Float64));
        int T = tokens.Length, hd = c.HeadDim;
        var x = p["embed_tokens.weight"].index_select(0, tensor(tokens));               // [T, D]
        for (int layer = 0; layer < c.Layers; layer++)
        {
            string pre = $"layers.{layer}.";
            var h = Rms(x, p[pre + "input_layernorm.weight"], c.NormEps);
            var q = h.matmul(p[pre + "self_attn.q_proj.weight"].t());
            var k = h.matmul(p[pre + "self_attn.k_proj.weight"].t());
            var v = h.matmul(p[pre + "self_attn.v_proj.weight"].t());
            var heads = new List<Tensor>();
            for (int head = 0; head < c.Heads; head++)
            {
                int kvHead = head / (c.Heads / c.KvHeads);
                var qh = Rotate(q.narrow(1, head * hd, hd), c.RopeTheta);
                var kh = Rotate(k.narrow(1, kvHead * hd, hd), c.RopeTheta);
                var vh = v.narrow(1, kvHead * hd, hd);
                var scores = qh.matmul(kh.t()) / Math.Sqrt(hd);
                var mask = ones(T, T, dtype: ScalarType.Bool).triu(1);
                var weights = scores.masked_fill(mask, double.NegativeInfinity).softmax(-1);
                heads.Add(weights.matmul(vh));
            }
            x = x + cat(heads, 1).matmul(p[pre + "self_attn.o_proj.weight"].t());
            var m = Rms(x, p[pre + "post_attention_layernorm.weight"], c.NormEps);
            var gate = m.matmul(p[pre + "mlp.gate_proj.weight"].t());
            var up = m.matmul(p[pre + "mlp.up_proj.weight"].t());
            x = x + (gate * gate.sigmoid() * up).matmul(p[pre + "mlp.down_proj.weight"].t());
        }
        x = Rms(x, p["norm.weight"], c.NormEps);
        var output = p.TryGetValue("lm_head.weight", out var head_) ? head_ : p["embed_tokens.weight"];
        return x.matmul(output.t());
    }

    private static Tensor Rms(Tensor x, Tensor weight, double eps) =>
        x / (x.square().mean([-1], keepdim: true) + eps).sqrt() * weight;

    private static Tensor Rotate(Tensor x, double theta)
    {
        int T = (int)x.shape[0], d = (int)x.shape[1], half = d / 2;
        var result = zeros_like(x);
        for (int t = 0; t < T; t++)
            for (int i = 0; i < half; i++)
            {
                double angle = t / Math.Pow(theta, 2.0 * i / d);
                var a = x[t, i];
                var b = x[t, i + half];
                result[t, i] = a * Math.Cos(angle) - b * Math.Sin(angle);
                result[t, i + half] = b * Math.Cos(angle) + a * Math.Sin(angle);
            }
        return result;
    }
}

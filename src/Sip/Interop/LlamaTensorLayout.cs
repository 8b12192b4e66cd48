using System.Text.RegularExpressions;
using Sip.Model;

namespace Sip.Interop;

/// <summary>
/// The weights a <see cref="LlamaConfig"/> implies, in sip's names (Hugging Face's without "model."), with their
/// PyTorch shapes, and each name as Hugging Face and llama.cpp spell it. Pure: no tensors, so import, export and tests
/// agree on one list.
/// </summary>
public static partial class LlamaTensorLayout
{
    /// <summary>One weight of the model.</summary>
    /// <param name="Name">sip's parameter name, e.g. "layers.0.self_attn.q_proj.weight".</param>
    /// <param name="Shape">PyTorch shape ([out, in] for projections).</param>
    public sealed record Weight(string Name, long[] Shape);

    /// <summary>Every parameter of the model, in the model's own order (embeddings, blocks, final norm, head).</summary>
    public static IReadOnlyList<Weight> Weights(LlamaConfig c)
    {
        long dim = c.Dim, kv = (long)c.KvHeads * c.HeadDim, ff = c.FeedForwardDim, q = (long)c.Heads * c.HeadDim;
        var weights = new List<Weight> { new("embed_tokens.weight", [c.VocabSize, dim]) };
        for (int i = 0; i < c.Layers; i++)
        {
            string p = $"layers.{i}.";
            weights.Add(new(p + "self_attn.q_proj.weight", [q, dim]));
            weights.Add(new(p + "self_attn.k_proj.weight", [kv, dim]));
            weights.Add(new(p + "self_attn.v_proj.weight", [kv, dim]));
            weights.Add(new(p + "self_attn.o_proj.weight", [dim, q]));
            weights.Add(new(p + "mlp.gate_proj.weight", [ff, dim]));
            weights.Add(new(p + "mlp.up_proj.weight", [ff, dim]));
            weights.Add(new(p + "mlp.down_proj.weight", [dim, ff]));
            weights.Add(new(p + "input_layernorm.weight", [dim]));
            weights.Add(new(p + "post_attention_layernorm.weight", [dim]));
        }
        weights.Add(new("norm.weight", [dim]));
        if (!c.TieEmbeddings) weights.Add(new("lm_head.weight", [c.VocabSize, dim]));
        return weights;
    }

    /// <summary>The Hugging Face LlamaForCausalLM name: "model." + sip's, except the output head.</summary>
    public static string ToHuggingFace(string name) => name == "lm_head.weight" ? name : "model." + name;

    /// <summary>sip's name of a Hugging Face tensor name, or null for a name outside the "model." tree and the head.</summary>
    public static string? FromHuggingFace(string name) =>
        name == "lm_head.weight" ? name : name.StartsWith("model.", StringComparison.Ordinal) ? name["model.".Length..] : null;

    /// <summary>
    /// Tensors Hugging Face files may carry that hold no weight: older Llama checkpoints saved each layer's rotary
    /// inverse frequencies, which sip recomputes from the config.
    /// </summary>
    public static bool IsIgnorableHuggingFaceTensor(string name) => name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal);

    /// <summary>llama.cpp's tensor name for sip's <paramref name="name"/> (token_embd, blk.N.attn_q, ..., output).</summary>
    public static string ToGguf(string name)
    {
        switch (name)
        {
            case "embed_tokens.weight": return "token_embd.weight";
            case "norm.weight": return "output_norm.weight";
            case "lm_head.weight": return "output.weight";
        }
        var match = LayerName().Match(name);
        if (!match.Success) throw new ArgumentException($"'{name}' is not a Llama weight name", nameof(name));
        string part = match.Groups[2].Value switch
        {
            "self_attn.q_proj" => "attn_q",
            "self_attn.k_proj" => "attn_k",
            "self_attn.v_proj" => "attn_v",
            "self_attn.o_proj" => "attn_output",
            "mlp.gate_proj" => "ffn_gate",
            "mlp.up_proj" => "ffn_up",
            "mlp.down_proj" => "ffn_down",
            "input_layernorm" => "attn_norm",
            "post_attention_layernorm" => "ffn_norm",
            var other => throw new ArgumentException($"'{other}' is not a Llama layer weight", nameof(name)),
        };
        return $"blk.{match.Groups[1].Value}.{part}.weight";
    }

    /// <summary>Whether <paramref name="name"/> is a norm's scale (kept in fp32 in every export, as llama.cpp expects).</summary>
    public static bool IsNorm(string name) => name.EndsWith("norm.weight", StringComparison.Ordinal);

    [GeneratedRegex(@"^layers\.(\d+)\.(.+)\.weight$")]
    private static partial Regex LayerName();
}

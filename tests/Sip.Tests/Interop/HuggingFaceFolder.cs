using System.Text.Json.Nodes;
using Sip.Model;
using Sip.Model.Checkpoints;
using static TorchSharp.torch;

namespace Sip.Tests.Interop;

/// <summary>
/// Writes Hugging Face model folders the way transformers' save_pretrained lays them out (config.json, one or several
/// safetensors shards with an index, tokenizer.json), from a seeded sip model, so import can be tested on variations.
/// </summary>
internal static class HuggingFaceFolder
{
    /// <summary>config.json as transformers writes it for <paramref name="c"/> (written here, not by sip's exporter).</summary>
    public static JsonObject Config(LlamaConfig c) => new()
    {
        ["architectures"] = new JsonArray("LlamaForCausalLM"),
        ["model_type"] = "llama",
        ["attention_bias"] = false,
        ["hidden_act"] = "silu",
        ["hidden_size"] = c.Dim,
        ["intermediate_size"] = c.FeedForwardDim,
        ["max_position_embeddings"] = c.MaxSeqLen,
        ["num_attention_heads"] = c.Heads,
        ["num_hidden_layers"] = c.Layers,
        ["num_key_value_heads"] = c.KvHeads,
        ["rms_norm_eps"] = c.NormEps,
        ["rope_theta"] = c.RopeTheta,
        ["rope_scaling"] = null,
        ["tie_word_embeddings"] = c.TieEmbeddings,
        ["torch_dtype"] = "bfloat16",
        ["vocab_size"] = c.VocabSize,
        ["initializer_range"] = c.InitStd,
    };

    /// <summary>The model's weights under Hugging Face names, each converted to <paramref name="dtypeOf"/>'s choice.</summary>
    public static Dictionary<string, Tensor> Tensors(LlamaModel model, Func<string, ScalarType> dtypeOf) =>
        model.named_parameters().ToDictionary(
            p => p.name == "lm_head.weight" ? p.name : "model." + p.name,
            p => p.parameter.detach().to(dtypeOf(p.name)));

    /// <summary>Writes the folder; <paramref name="shards"/> > 1 splits the tensors round-robin over that many files with an index.</summary>
    public static void Write(string folder, JsonObject config, Dictionary<string, Tensor> tensors, int shards = 1)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());
        InteropModels.Tokenizer.Save(Path.Combine(folder, "tokenizer.json"));
        if (shards == 1)
        {
            SafeTensors.Save(Path.Combine(folder, "model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
            return;
        }
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var map = new JsonObject();
        for (int s = 0; s < shards; s++)
        {
            var file = $"model-{s + 1:D5}-of-{shards:D5}.safetensors";
            var part = names.Where((_, i) => i % shards == s).ToDictionary(n => n, n => tensors[n]);
            SafeTensors.Save(Path.Combine(folder, file), part, new Dictionary<string, string> { ["format"] = "pt" });
            foreach (var name in part.Keys) map[name] = file;
        }
        var index = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = 0 }, ["weight_map"] = map };
        File.WriteAllText(Path.Combine(folder, "model.safetensors.index.json"), index.ToJsonString());
    }
}

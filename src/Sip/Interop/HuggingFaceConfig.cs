using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sip.Model;

namespace Sip.Interop;

/// <summary>
/// Hugging Face's config.json for LlamaForCausalLM, mapped to and from <see cref="LlamaConfig"/>. Reading refuses what
/// sip's model cannot represent (another architecture, biases, an activation other than SiLU, a head width other than
/// hidden_size / heads, a rope scaling other than Llama-3's) with a message that names the field.
/// </summary>
public static class HuggingFaceConfig
{
    public const string FileName = "config.json";
    public const string Architecture = "LlamaForCausalLM";

    /// <summary>Reads <paramref name="path"/>; <paramref name="maxSeqLen"/>, when set, caps max_position_embeddings
    /// (Llama-3 declares 131,072 positions, whose rotary tables sip would precompute in full).</summary>
    public static LlamaConfig Read(string path, int? maxSeqLen = null)
    {
        if (!File.Exists(path)) throw new SipInputException(path, null, "file not found (a Hugging Face model folder needs config.json)");
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new SipInputException(path, null, "not a JSON object");
        }
        catch (JsonException e)
        {
            throw new SipInputException(path, e.LineNumber + 1, $"not valid JSON: {e.Message}", e);
        }
        try
        {
            return Parse(root, path, maxSeqLen);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new SipInputException(path, null, $"a field has the wrong type: {e.Message}", e);
        }
    }

    private static LlamaConfig Parse(JsonObject root, string path, int? maxSeqLen)
    {
        SipInputException Refuse(string reason) => new(path, null, reason);

        var architectures = (root["architectures"] as JsonArray)?.Select(a => a?.GetValue<string>()).ToList() ?? [];
        var modelType = root["model_type"]?.GetValue<string>();
        if (!architectures.Contains(Architecture) && modelType != "llama")
            throw Refuse($"unsupported architecture {(architectures.Count > 0 ? string.Join(", ", architectures) : modelType ?? "(none given)")}; sip imports Llama-family models ({Architecture}, model_type \"llama\")");
        if (root["hidden_act"]?.GetValue<string>() is { } act && act != "silu") throw Refuse($"hidden_act '{act}' is not supported (only silu, as SwiGLU needs)");
        if (Bool(root, "attention_bias")) throw Refuse("attention_bias is true; sip's attention has no biases");
        if (Bool(root, "mlp_bias")) throw Refuse("mlp_bias is true; sip's feed-forward has no biases");
        if (root["pretraining_tp"] is { } tp && tp.GetValue<int>() != 1) throw Refuse("pretraining_tp other than 1 is not supported");

        int Required(string name) => root[name]?.GetValue<int>() ?? throw Refuse($"'{name}' is missing");
        int hidden = Required("hidden_size"), heads = Required("num_attention_heads");
        if (heads <= 0 || hidden % heads != 0) throw Refuse($"hidden_size {hidden} is not a multiple of num_attention_heads {heads}");
        if (root["head_dim"] is { } headDim && headDim.GetValue<int>() != hidden / heads)
            throw Refuse($"head_dim {headDim.GetValue<int>()} differs from hidden_size / num_attention_heads ({hidden / heads}); sip's attention derives it");

        // transformers 5 moved rope_theta and rope_scaling into rope_parameters; read either place.
        var ropeParameters = root["rope_parameters"] as JsonObject;
        double theta = Number(root["rope_theta"] ?? ropeParameters?["rope_theta"]) ?? 10000.0;
        var scaling = ReadRopeScaling(root["rope_scaling"] as JsonObject ?? ropeParameters, Refuse);

        int positions = Required("max_position_embeddings");
        var config = new LlamaConfig
        {
            VocabSize = Required("vocab_size"),
            Dim = hidden,
            Layers = Required("num_hidden_layers"),
            Heads = heads,
            KvHeads = root["num_key_value_heads"]?.GetValue<int>() ?? heads,
            HiddenDim = Required("intermediate_size"),
            MaxSeqLen = maxSeqLen is { } cap ? Math.Min(cap, positions) : positions,
            RopeTheta = theta,
            RopeScaling = scaling,
            NormEps = Number(root["rms_norm_eps"]) ?? 1e-6,
            TieEmbeddings = Bool(root, "tie_word_embeddings"),
            InitStd = Number(root["initializer_range"]) ?? 0.02,
        };
        var problems = config.Validate().ToList();
        if (problems.Count > 0) throw Refuse("the config cannot be a sip model: " + string.Join("; ", problems));
        return config;
    }

    private static RopeScaling ReadRopeScaling(JsonObject? scaling, Func<string, SipInputException> refuse)
    {
        if (scaling is null) return new RopeScaling();
        var type = (scaling["rope_type"] ?? scaling["type"])?.GetValue<string>() ?? "default";
        switch (type)
        {
            case "default": return new RopeScaling();
            case "llama3":
                double Field(string name) => Number(scaling[name]) ?? throw refuse($"rope_scaling.{name} is missing (needed by rope_type llama3)");
                return new RopeScaling
                {
                    Type = RopeScaling.Llama3,
                    Factor = Field("factor"),
                    LowFreqFactor = Field("low_freq_factor"),
                    HighFreqFactor = Field("high_freq_factor"),
                    OriginalMaxPositions = (int)Field("original_max_position_embeddings"),
                };
            default:
                throw refuse($"rope_scaling type '{type}' is not supported (sip supports none/default and llama3)");
        }
    }

    /// <summary>The config.json Hugging Face transformers needs to build the same model.</summary>
    /// <param name="c">the model's shape</param>
    /// <param name="torchDtype">"float32", "float16" or "bfloat16": the dtype of the exported weights.</param>
    /// <param name="bosId">the tokenizer's BOS id</param>
    /// <param name="eosId">the tokenizer's EOS id</param>
    public static JsonObject Write(LlamaConfig c, string torchDtype, int bosId, int eosId)
    {
        var config = new JsonObject
        {
            ["architectures"] = new JsonArray(Architecture),
            ["model_type"] = "llama",
            ["vocab_size"] = c.VocabSize,
            ["hidden_size"] = c.Dim,
            ["intermediate_size"] = c.FeedForwardDim,
            ["num_hidden_layers"] = c.Layers,
            ["num_attention_heads"] = c.Heads,
            ["num_key_value_heads"] = c.KvHeads,
            ["head_dim"] = c.HeadDim,
            ["hidden_act"] = "silu",
            ["max_position_embeddings"] = c.MaxSeqLen,
            ["initializer_range"] = c.InitStd,
            ["rms_norm_eps"] = c.NormEps,
            ["rope_theta"] = c.RopeTheta,
            ["rope_scaling"] = c.RopeScaling.IsNone ? null : new JsonObject
            {
                ["rope_type"] = RopeScaling.Llama3,
                ["factor"] = c.RopeScaling.Factor,
                ["low_freq_factor"] = c.RopeScaling.LowFreqFactor,
                ["high_freq_factor"] = c.RopeScaling.HighFreqFactor,
                ["original_max_position_embeddings"] = c.RopeScaling.OriginalMaxPositions,
            },
            ["attention_bias"] = false,
            ["attention_dropout"] = 0.0,
            ["mlp_bias"] = false,
            ["pretraining_tp"] = 1,
            ["tie_word_embeddings"] = c.TieEmbeddings,
            ["use_cache"] = true,
            ["bos_token_id"] = bosId,
            ["eos_token_id"] = eosId,
            ["torch_dtype"] = torchDtype,
        };
        return config;
    }

    private static bool Bool(JsonObject root, string name) => root[name] is { } node && node.GetValueKind() == JsonValueKind.True;

    private static double? Number(JsonNode? node) => node is null ? null : node.GetValueKind() switch
    {
        JsonValueKind.Number => node.GetValue<double>(),
        JsonValueKind.String => double.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture),
        JsonValueKind.Null => null,
        var kind => throw new FormatException($"expected a number, got {kind}"),
    };
}

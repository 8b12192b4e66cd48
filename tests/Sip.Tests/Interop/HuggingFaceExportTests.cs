using System.Text.Json.Nodes;
using Sip.Interop;
using Sip.Model;
using Sip.Tests.Metrics;
using Sip.Training.Checkpointing;
using static TorchSharp.torch;

namespace Sip.Tests.Interop;

public sealed class HuggingFaceExportTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ExportThenImport_RoundTripsEveryWeightBitExactly(bool tied)
    {
        var original = _dir.File("original");
        using var model = InteropModels.SaveCheckpoint(original, InteropModels.Config(tied));

        HuggingFaceExporter.Export(original, _dir.File("hf"));
        HuggingFaceImporter.Import(_dir.File("hf"), _dir.File("back"));

        using var back = PolicyCheckpoint.LoadModel(_dir.File("back"));
        Assert.Equal(model.Config, back.Config);
        var weights = back.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in model.named_parameters())
            Assert.True(p.bytes.SequenceEqual(weights[name].bytes), $"{name} changed in the round trip");
        Assert.Equal(File.ReadAllBytes(Path.Combine(original, "tokenizer.json")), File.ReadAllBytes(_dir.File("back/tokenizer.json")));
    }

    [Fact]
    public void ExportedSafetensors_HaveHuggingFaceNamesShapesAndFp32Data()
    {
        var checkpoint = _dir.File("ckpt");
        var config = InteropModels.Config();
        using var model = InteropModels.SaveCheckpoint(checkpoint, config);

        HuggingFaceExporter.Export(checkpoint, _dir.File("hf"));
        var file = IndependentSafeTensorsReader.Read(_dir.File("hf/model.safetensors"));

        Assert.Equal("pt", file.Metadata["format"]); // transformers refuses safetensors without it
        var expected = new List<string> { "model.embed_tokens.weight", "model.norm.weight", "lm_head.weight" };
        for (int i = 0; i < config.Layers; i++)
            expected.AddRange(new[] { "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj",
                "mlp.down_proj", "input_layernorm", "post_attention_layernorm" }.Select(part => $"model.layers.{i}.{part}.weight"));
        Assert.Equal(expected.Order(), file.Tensors.Keys.Order());
        Assert.Equal([64L, 64], file.Tensors["model.layers.1.self_attn.q_proj.weight"].Shape);  // 4 heads × 16
        Assert.Equal([32L, 64], file.Tensors["model.layers.1.self_attn.k_proj.weight"].Shape);   // 2 kv heads × 16
        Assert.Equal([160L, 64], file.Tensors["model.layers.0.mlp.gate_proj.weight"].Shape);
        Assert.All(file.Tensors.Values, t => Assert.Equal("F32", t.DType));
        var embedding = model.named_parameters().Single(p => p.name == "embed_tokens.weight").parameter;
        Assert.Equal(embedding.bytes.ToArray(), file.Tensors["model.embed_tokens.weight"].Bytes);
    }

    [Fact]
    public void ExportedConfig_DescribesTheModelForTransformers()
    {
        var checkpoint = _dir.File("ckpt");
        InteropModels.SaveCheckpoint(checkpoint, InteropModels.Config(tied: true)).Dispose();

        HuggingFaceExporter.Export(checkpoint, _dir.File("hf"), ExportDType.BF16);

        var config = JsonNode.Parse(File.ReadAllText(_dir.File("hf/config.json")))!;
        Assert.Equal("LlamaForCausalLM", config["architectures"]![0]!.GetValue<string>());
        Assert.Equal("llama", config["model_type"]!.GetValue<string>());
        Assert.Equal("bfloat16", config["torch_dtype"]!.GetValue<string>());
        Assert.Equal(64, config["hidden_size"]!.GetValue<int>());
        Assert.Equal(160, config["intermediate_size"]!.GetValue<int>());
        Assert.Equal(2, config["num_hidden_layers"]!.GetValue<int>());
        Assert.Equal(4, config["num_attention_heads"]!.GetValue<int>());
        Assert.Equal(2, config["num_key_value_heads"]!.GetValue<int>());
        Assert.Equal(128, config["max_position_embeddings"]!.GetValue<int>());
        Assert.Equal(InteropModels.Tokenizer.VocabSize, config["vocab_size"]!.GetValue<int>());
        Assert.True(config["tie_word_embeddings"]!.GetValue<bool>());
        Assert.Null(config["rope_scaling"]);
        var generation = JsonNode.Parse(File.ReadAllText(_dir.File("hf/generation_config.json")))!;
        Assert.Equal(0, generation["bos_token_id"]!.GetValue<int>());
        Assert.Equal(1, generation["eos_token_id"]!.GetValue<int>());
        var tokenizerConfig = JsonNode.Parse(File.ReadAllText(_dir.File("hf/tokenizer_config.json")))!;
        Assert.Equal("<|eos|>", tokenizerConfig["eos_token"]!.GetValue<string>());
        Assert.True(File.Exists(_dir.File("hf/tokenizer.json")));
    }

    [Fact]
    public void Bf16Export_StoresBf16_AndImportsAsTheRoundedValues()
    {
        var checkpoint = _dir.File("ckpt");
        using var model = InteropModels.SaveCheckpoint(checkpoint, InteropModels.Config(tied: true));

        HuggingFaceExporter.Export(checkpoint, _dir.File("hf"), ExportDType.BF16);
        var file = IndependentSafeTensorsReader.Read(_dir.File("hf/model.safetensors"));
        HuggingFaceImporter.Import(_dir.File("hf"), _dir.File("back"));

        Assert.All(file.Tensors.Values, t => Assert.Equal("BF16", t.DType));
        Assert.DoesNotContain("lm_head.weight", file.Tensors.Keys); // tied: transformers reuses the embeddings
        using var back = PolicyCheckpoint.LoadModel(_dir.File("back"));
        var weights = back.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in model.named_parameters())
        {
            using var rounded = p.detach().to(ScalarType.BFloat16).to(ScalarType.Float32);
            Assert.True(rounded.bytes.SequenceEqual(weights[name].bytes), $"{name} is not the bf16 rounding of the original");
        }
    }

    [Fact]
    public void Llama3RopeScaling_SurvivesExportAndImport()
    {
        var checkpoint = _dir.File("ckpt");
        var config = InteropModels.Config() with
        {
            RopeTheta = 500000,
            RopeScaling = new RopeScaling { Type = RopeScaling.Llama3, Factor = 32, LowFreqFactor = 1, HighFreqFactor = 4, OriginalMaxPositions = 64 },
        };
        InteropModels.SaveCheckpoint(checkpoint, config).Dispose();

        HuggingFaceExporter.Export(checkpoint, _dir.File("hf"));
        var scaling = JsonNode.Parse(File.ReadAllText(_dir.File("hf/config.json")))!["rope_scaling"]!;
        HuggingFaceImporter.Import(_dir.File("hf"), _dir.File("back"));

        Assert.Equal("llama3", scaling["rope_type"]!.GetValue<string>());
        Assert.Equal(32.0, scaling["factor"]!.GetValue<double>());
        Assert.Equal(64, scaling["original_max_position_embeddings"]!.GetValue<int>());
        Assert.Equal(config, PolicyCheckpoint.LoadConfig(_dir.File("back")));
    }
}

using System.Text.Json.Nodes;
using Sip.Interop;
using Sip.Model;
using Sip.Tests.Metrics;
using Sip.Training.Checkpointing;
using static TorchSharp.torch;

namespace Sip.Tests.Interop;

public sealed class HuggingFaceImportTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    public void Dispose() => _dir.Dispose();

    private string Source => _dir.File("hf");
    private string Destination => _dir.File("sip");

    [Fact]
    public void ShardedF16AndBf16Weights_ImportAsTheirExactFp32Values()
    {
        var config = InteropModels.Config();
        using var model = InteropModels.Create(config);
        // Layer 0 in F16, everything else in BF16, over three shards; plus a stale rotary buffer older files carry.
        var tensors = HuggingFaceFolder.Tensors(model, name => name.StartsWith("layers.0.") ? ScalarType.Float16 : ScalarType.BFloat16);
        tensors["model.layers.0.self_attn.rotary_emb.inv_freq"] = ones(8);
        HuggingFaceFolder.Write(Source, HuggingFaceFolder.Config(config), tensors, shards: 3);

        var result = HuggingFaceImporter.Import(Source, Destination);

        Assert.Equal(3, result.SourceFiles.Count);
        using var imported = PolicyCheckpoint.LoadModel(Destination);
        var weights = imported.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in model.named_parameters())
        {
            using var expected = p.detach().to(name.StartsWith("layers.0.") ? ScalarType.Float16 : ScalarType.BFloat16).to(ScalarType.Float32);
            Assert.True(expected.bytes.SequenceEqual(weights[name].bytes), $"{name} was not widened exactly");
        }
        Assert.Equal(InteropModels.Tokenizer.Encode("the kaloter"), PolicyCheckpoint.LoadTokenizer(Destination).Encode("the kaloter"));
    }

    [Fact]
    public void MissingShard_NamesTheShardFile()
    {
        WriteFolder(shards: 2);
        File.Delete(Path.Combine(Source, "model-00002-of-00002.safetensors"));

        var error = Assert.Throws<SipInputException>(() => HuggingFaceImporter.Import(Source, Destination));

        Assert.Contains("model-00002-of-00002.safetensors", error.Message);
        Assert.Contains("missing shard", error.Message);
    }

    [Fact]
    public void MissingTensor_IsNamed()
    {
        WriteFolder(edit: tensors => tensors.Remove("model.layers.1.mlp.up_proj.weight"));

        var error = Assert.Throws<SipInputException>(() => HuggingFaceImporter.Import(Source, Destination));

        Assert.Contains("missing tensor 'model.layers.1.mlp.up_proj.weight'", error.Message);
        Assert.Contains("model.safetensors", error.Message);
    }

    [Fact]
    public void ShapeMismatch_NamesTensorAndBothShapes()
    {
        WriteFolder(config: c => c["intermediate_size"] = 96);

        var error = Assert.Throws<SipInputException>(() => HuggingFaceImporter.Import(Source, Destination));

        Assert.Contains("mlp.gate_proj.weight' has shape [160,64]; config.json implies [96,64]", error.Message);
    }

    [Fact]
    public void UnexpectedBias_IsRefusedAsAnotherArchitecture()
    {
        WriteFolder(edit: tensors => tensors["model.layers.0.self_attn.q_proj.bias"] = zeros(64));

        var error = Assert.Throws<SipInputException>(() => HuggingFaceImporter.Import(Source, Destination));

        Assert.Contains("unexpected tensor 'model.layers.0.self_attn.q_proj.bias'", error.Message);
    }

    [Theory]
    [InlineData("model_type", "gpt2", "unsupported architecture")]
    [InlineData("hidden_act", "gelu", "hidden_act 'gelu'")]
    [InlineData("attention_bias", true, "attention_bias")]
    public void UnsupportedArchitecture_IsRefusedByConfig(string field, object value, string expected)
    {
        WriteFolder(config: c =>
        {
            if (field == "model_type") c["architectures"] = new JsonArray("GPT2LMHeadModel");
            c[field] = JsonValue.Create(value);
        });

        var error = Assert.Throws<SipInputException>(() => HuggingFaceImporter.Import(Source, Destination));

        Assert.Contains("config.json", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void UnsupportedRopeScaling_IsRefusedWithItsType()
    {
        WriteFolder(config: c => c["rope_scaling"] = new JsonObject { ["rope_type"] = "yarn", ["factor"] = 4.0 });

        var error = Assert.Throws<SipInputException>(() => HuggingFaceImporter.Import(Source, Destination));

        Assert.Contains("rope_scaling type 'yarn' is not supported", error.Message);
    }

    [Fact]
    public void Llama3RopeScaling_IsReadIntoTheConfig()
    {
        WriteFolder(config: c =>
        {
            c["rope_theta"] = 500000.0;
            c["rope_scaling"] = new JsonObject
            {
                ["rope_type"] = "llama3", ["factor"] = 8.0, ["low_freq_factor"] = 1.0, ["high_freq_factor"] = 4.0, ["original_max_position_embeddings"] = 32,
            };
        });

        var result = HuggingFaceImporter.Import(Source, Destination);

        Assert.Equal(new RopeScaling { Type = "llama3", Factor = 8, LowFreqFactor = 1, HighFreqFactor = 4, OriginalMaxPositions = 32 }, result.Config.RopeScaling);
        Assert.Equal(500000, result.Config.RopeTheta);
    }

    [Fact]
    public void MaxSeqLen_CapsTheContext()
    {
        WriteFolder();

        var result = HuggingFaceImporter.Import(Source, Destination, maxSeqLen: 48);

        Assert.Equal(48, result.Config.MaxSeqLen);
        Assert.Equal(48, PolicyCheckpoint.LoadConfig(Destination).MaxSeqLen);
    }

    [Fact]
    public void TruncatedSafetensors_IsAClearErrorNamingTheFile()
    {
        WriteFolder();
        var weights = Path.Combine(Source, "model.safetensors");
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length - 100)]);

        var error = Assert.Throws<SipInputException>(() => HuggingFaceImporter.Import(Source, Destination));

        Assert.Contains(weights, error.Message);
        Assert.Matches("truncated|fall outside the [0-9]+ data bytes", error.Message);
    }

    [Fact]
    public void QuantizedTensor_IsRefusedWithItsDtype()
    {
        WriteFolder(edit: tensors => tensors["model.norm.weight"] = ones(64).to(ScalarType.Int8));

        var error = Assert.Throws<SipInputException>(() => HuggingFaceImporter.Import(Source, Destination));

        Assert.Contains("'model.norm.weight' has dtype I8", error.Message);
    }

    [Fact]
    public void MissingTokenizer_IsNamed()
    {
        WriteFolder();
        File.Delete(Path.Combine(Source, "tokenizer.json"));

        var error = Assert.Throws<SipInputException>(() => HuggingFaceImporter.Import(Source, Destination));

        Assert.Contains("tokenizer.json", error.Message);
    }

    private void WriteFolder(int shards = 1, Action<Dictionary<string, Tensor>>? edit = null, Action<JsonObject>? config = null)
    {
        var c = InteropModels.Config();
        using var model = InteropModels.Create(c);
        var tensors = HuggingFaceFolder.Tensors(model, _ => ScalarType.Float32);
        edit?.Invoke(tensors);
        var json = HuggingFaceFolder.Config(c);
        config?.Invoke(json);
        HuggingFaceFolder.Write(Source, json, tensors, shards);
    }
}

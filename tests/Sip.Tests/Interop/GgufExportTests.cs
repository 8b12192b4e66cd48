using Sip.Interop;
using Sip.Model;
using Sip.Tests.Metrics;
using static TorchSharp.torch;

namespace Sip.Tests.Interop;

public sealed class GgufExportTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    public void Dispose() => _dir.Dispose();

    private const uint UInt32Type = 4, Int32Type = 5, Float32Type = 6, BoolType = 7, StringType = 8, ArrayType = 9;

    private (LlamaModel Model, IndependentGgufReader File) Export(LlamaConfig config, ExportDType dtype = ExportDType.F32)
    {
        var checkpoint = _dir.File("ckpt");
        var model = InteropModels.SaveCheckpoint(checkpoint, config);
        GgufExporter.Export(checkpoint, _dir.File("model.gguf"), dtype);
        return (model, IndependentGgufReader.Read(_dir.File("model.gguf")));
    }

    [Fact]
    public void Header_IsGgufVersion3_WithLlamaHyperparametersTyped()
    {
        var (model, file) = Export(InteropModels.Config());
        using var _ = model;

        Assert.Equal(3u, file.Version);
        Assert.Equal(32u, file["general.alignment"]);
        Assert.Equal("llama", file["general.architecture"]);
        Assert.Equal(StringType, file.TypeOf("general.name"));
        var expected = new Dictionary<string, uint>
        {
            ["llama.context_length"] = 128, ["llama.embedding_length"] = 64, ["llama.block_count"] = 2, ["llama.feed_forward_length"] = 160,
            ["llama.attention.head_count"] = 4, ["llama.attention.head_count_kv"] = 2, ["llama.rope.dimension_count"] = 16,
            ["llama.vocab_size"] = (uint)InteropModels.Tokenizer.VocabSize, ["general.file_type"] = 0,
        };
        foreach (var (key, value) in expected)
        {
            Assert.Equal(UInt32Type, file.TypeOf(key));
            Assert.Equal(value, file[key]);
        }
        Assert.Equal(Float32Type, file.TypeOf("llama.rope.freq_base"));
        Assert.Equal(10000f, file["llama.rope.freq_base"]);
        Assert.Equal(1e-5f, file["llama.attention.layer_norm_rms_epsilon"]);
        Assert.Equal(file.FileLength, file.Tensors.Max(t => file.DataStart + (long)t.Offset + t.Bytes.Length + 31) / 32 * 32);
    }

    [Fact]
    public void Tokenizer_IsStoredAsLlamaCppGpt2Vocabulary()
    {
        var (model, file) = Export(InteropModels.Config(extraVocab: 3));
        using var _ = model;
        var tokenizer = InteropModels.Tokenizer;

        Assert.Equal("gpt2", file["tokenizer.ggml.model"]);
        Assert.Equal("llama-bpe", file["tokenizer.ggml.pre"]); // sip's trainer uses Llama-3's pre-tokenizer regex
        var (tokenType, tokens) = ((uint, object[]))file["tokenizer.ggml.tokens"];
        var (typeType, types) = ((uint, object[]))file["tokenizer.ggml.token_type"];
        var (mergeType, merges) = ((uint, object[]))file["tokenizer.ggml.merges"];
        Assert.Equal(ArrayType, file.TypeOf("tokenizer.ggml.tokens"));
        Assert.Equal((StringType, Int32Type, StringType), (tokenType, typeType, mergeType));
        Assert.Equal(tokenizer.VocabSize + 3, tokens.Length);
        Assert.Equal(tokens.Length, types.Length);
        Assert.Equal(tokens.Length, tokens.Distinct().Count());
        Assert.Equal(["<|bos|>", "<|eos|>", "<|pad|>"], tokens[..3]);
        Assert.Equal([3, 3, 3], types[..3]);                       // CONTROL
        Assert.Equal("Ġ", tokens[3 + ' ']);                          // byte tokens in GPT-2's byte-level spelling
        Assert.Equal(1, types[3 + ' ']);                             // NORMAL
        Assert.Equal([5, 5, 5], types[^3..]);                        // padding rows: UNUSED placeholders
        Assert.Equal(tokenizer.Merges.Select(m => m.Left + " " + m.Right), merges.Cast<string>());
        Assert.Equal((UInt32Type, 0u), (file.TypeOf("tokenizer.ggml.bos_token_id"), file["tokenizer.ggml.bos_token_id"]));
        Assert.Equal(1u, file["tokenizer.ggml.eos_token_id"]);
        Assert.Equal(2u, file["tokenizer.ggml.padding_token_id"]);
        Assert.Equal((BoolType, true), (file.TypeOf("tokenizer.ggml.add_bos_token"), file["tokenizer.ggml.add_bos_token"]));
    }

    [Fact]
    public void Tensors_HaveLlamaCppNamesReversedDimsAndOriginalBytes()
    {
        var config = InteropModels.Config();
        var (model, file) = Export(config);
        using var _ = model;
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        var expectedNames = new List<string> { "token_embd.weight", "output_norm.weight", "output.weight" };
        for (int i = 0; i < 2; i++)
            expectedNames.AddRange(new[] { "attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down", "attn_norm", "ffn_norm" }
                .Select(part => $"blk.{i}.{part}.weight"));
        Assert.Equal(expectedNames.Order(), file.Tensors.Select(t => t.Name).Order());
        Assert.Equal([64UL, (ulong)config.VocabSize], file.TensorNamed("token_embd.weight").Dims);
        Assert.Equal([160UL, 64], file.TensorNamed("blk.1.ffn_down.weight").Dims);     // PyTorch [64, 160], innermost first
        Assert.Equal([64UL, 32], file.TensorNamed("blk.0.attn_k.weight").Dims);
        Assert.All(file.Tensors, t => Assert.Equal(0u, t.Type));                         // F32
        Assert.Equal(parameters["embed_tokens.weight"].bytes.ToArray(), file.TensorNamed("token_embd.weight").Bytes);
        Assert.Equal(parameters["layers.1.mlp.down_proj.weight"].bytes.ToArray(), file.TensorNamed("blk.1.ffn_down.weight").Bytes);
        Assert.Equal(parameters["layers.0.post_attention_layernorm.weight"].bytes.ToArray(), file.TensorNamed("blk.0.ffn_norm.weight").Bytes);
        Assert.Equal(parameters["lm_head.weight"].bytes.ToArray(), file.TensorNamed("output.weight").Bytes);
    }

    [Fact]
    public void QueryAndKeyWeights_ArePermutedPerHead_WithTheirOwnHeadCounts()
    {
        var (model, file) = Export(InteropModels.Config());
        using var _ = model;
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        using var q = FromBytes(file.TensorNamed("blk.1.attn_q.weight").Bytes, [64, 64]);
        using var k = FromBytes(file.TensorNamed("blk.1.attn_k.weight").Bytes, [32, 64]);

        // Row 2i+s of each head in the file is row s·8+i of sip's head (head width 16).
        var order = LlamaCppLayout.PermutedRowOrder(16);
        for (int head = 0; head < 4; head++)
            for (int row = 0; row < 16; row++)
                Assert.True(q[head * 16 + row].equal(parameters["layers.1.self_attn.q_proj.weight"][head * 16 + order[row]]).all().item<bool>());
        Assert.True(LlamaCppLayout.Unpermute(k, heads: 2).equal(parameters["layers.1.self_attn.k_proj.weight"]).all().item<bool>());
        Assert.False(LlamaCppLayout.Unpermute(k, heads: 4).equal(parameters["layers.1.self_attn.k_proj.weight"]).all().item<bool>());
        Assert.Equal(parameters["layers.1.self_attn.v_proj.weight"].bytes.ToArray(), file.TensorNamed("blk.1.attn_v.weight").Bytes);
    }

    [Theory]
    [InlineData(ExportDType.F16, 1u, 1u)]
    [InlineData(ExportDType.BF16, 30u, 32u)]
    public void HalfPrecisionExport_KeepsNormsInF32(ExportDType dtype, uint ggmlType, uint fileType)
    {
        var (model, file) = Export(InteropModels.Config(tied: true), dtype);
        using var _ = model;

        Assert.Equal(fileType, file["general.file_type"]);
        Assert.All(file.Tensors, t => Assert.Equal(t.Name.Contains("norm") ? 0u : ggmlType, t.Type));
        Assert.DoesNotContain(file.Tensors, t => t.Name == "output.weight"); // tied: llama.cpp reuses token_embd
        var embedding = model.named_parameters().Single(p => p.name == "embed_tokens.weight").parameter;
        using var rounded = embedding.detach().to(dtype.ToScalarType());
        Assert.Equal(rounded.bytes.ToArray(), file.TensorNamed("token_embd.weight").Bytes);
    }

    [Fact]
    public void Llama3RopeScaling_IsCarriedAsRopeFreqsDivisors()
    {
        var scaling = new RopeScaling { Type = RopeScaling.Llama3, Factor = 8, LowFreqFactor = 1, HighFreqFactor = 4, OriginalMaxPositions = 64 };
        var (model, file) = Export(InteropModels.Config() with { RopeScaling = scaling });
        using var _ = model;

        var divisors = FromBytes(file.TensorNamed("rope_freqs.weight").Bytes, [8]).data<float>().ToArray();

        var plain = new RopeScaling().InverseFrequencies(16, 10000);
        var scaled = scaling.InverseFrequencies(16, 10000);
        Assert.Equal(plain.Zip(scaled, (p, s) => (float)(p / s)), divisors);
        Assert.Equal(1f, divisors[0]);   // the fastest rotation is kept
        Assert.Equal(8f, divisors[^1]);  // the slowest is divided by the factor
    }

    [Fact]
    public void GptTwoTokenizerCheckpoint_IsRefusedClearly()
    {
        var checkpoint = _dir.File("ckpt");
        InteropModels.SaveCheckpoint(checkpoint, InteropModels.Config()).Dispose();
        File.Delete(Path.Combine(checkpoint, "tokenizer.json"));
        File.WriteAllText(Path.Combine(checkpoint, "tokenizer.txt"), "gpt2\n");

        var error = Assert.Throws<SipInputException>(() => GgufExporter.Export(checkpoint, _dir.File("x.gguf")));

        Assert.Contains("tokenizer.json", error.Message);
        Assert.False(File.Exists(_dir.File("x.gguf")));
    }

    private static Tensor FromBytes(byte[] bytes, long[] shape)
    {
        var t = empty(shape, ScalarType.Float32);
        bytes.CopyTo(t.bytes);
        return t;
    }
}

using System.Text.Json;
using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Training.Checkpointing;
using static TorchSharp.torch;

namespace Sip.Interop;

/// <summary>
/// Turns a Hugging Face Llama-family model folder (config.json, model.safetensors or sharded safetensors,
/// tokenizer.json) into a sip checkpoint folder, so <c>sip generate --checkpoint</c> and a trainer's <c>init</c> take it.
/// Weights are widened to fp32; names lose "model."; nothing is permuted (sip's rotary layout is Hugging Face's).
/// </summary>
public static class HuggingFaceImporter
{
    /// <summary>What an import produced.</summary>
    public sealed record Result(string Folder, LlamaConfig Config, int Tensors, IReadOnlyList<string> SourceFiles);

    /// <param name="source">the Hugging Face model folder</param>
    /// <param name="destination">the sip checkpoint folder to write (created; files in it are replaced)</param>
    /// <param name="maxSeqLen">caps the context (rotary tables and KV caches are sized by it); null keeps the config's</param>
    public static Result Import(string source, string destination, int? maxSeqLen = null)
    {
        if (!Directory.Exists(source)) throw new SipInputException(source, null, "not a folder (expected a Hugging Face model folder)");
        var config = HuggingFaceConfig.Read(Path.Combine(source, HuggingFaceConfig.FileName), maxSeqLen);

        var tokenizerPath = Path.Combine(source, TokenizerLoader.FileName);
        if (!File.Exists(tokenizerPath)) throw new SipInputException(tokenizerPath, null, "file not found; sip checkpoints carry their tokenizer, so the model folder needs one");
        var tokenizer = TokenizerLoader.Load(tokenizerPath);
        if (tokenizer.VocabSize > config.VocabSize)
            throw new SipInputException(tokenizerPath, null, $"the tokenizer has {tokenizer.VocabSize} ids but config.json's vocab_size is {config.VocabSize}");

        var files = HuggingFaceWeights.Files(source);
        var (tensors, owners) = HuggingFaceWeights.LoadFp32(files);
        try
        {
            var bySipName = MapNames(config, tensors, owners);
            using var model = new LlamaModel(config);
            using (no_grad())
            {
                var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
                string where = files.Count == 1 ? files[0] : Path.Combine(source, HuggingFaceWeights.IndexFile);
                foreach (var weight in LlamaTensorLayout.Weights(config))
                {
                    var hfName = LlamaTensorLayout.ToHuggingFace(weight.Name);
                    if (!bySipName.TryGetValue(weight.Name, out var t)) throw new SipInputException(where, null, $"missing tensor '{hfName}'");
                    if (!t.shape.SequenceEqual(weight.Shape))
                        throw new SipInputException(owners[hfName], null, $"tensor '{hfName}' has shape [{string.Join(",", t.shape)}]; config.json implies [{string.Join(",", weight.Shape)}]");
                    parameters[weight.Name].copy_(t);
                }
            }
            PolicyCheckpoint.Save(destination, model, tokenizer, ChatTemplateOf(source));
            return new Result(Path.GetFullPath(destination), config, LlamaTensorLayout.Weights(config).Count, files);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>
    /// An instruct model's chat template: chat_template.jinja (newer transformers) or tokenizer_config.json's
    /// <c>chat_template</c> when it is one string (a list of named templates takes the one named "default"). Null for a base model.
    /// </summary>
    private static string? ChatTemplateOf(string source)
    {
        var jinja = Path.Combine(source, PolicyCheckpoint.ChatTemplateFile);
        if (File.Exists(jinja)) return File.ReadAllText(jinja);
        var configPath = Path.Combine(source, HuggingFaceExporter.TokenizerConfigFile);
        if (!File.Exists(configPath)) return null;
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllText(configPath)); }
        catch (JsonException e) { throw new SipInputException(configPath, (int?)e.LineNumber + 1, $"not valid JSON: {e.Message}", e); }
        using (document)
        {
            if (!document.RootElement.TryGetProperty("chat_template", out var template)) return null;
            return template.ValueKind switch
            {
                JsonValueKind.String => template.GetString(),
                JsonValueKind.Array => template.EnumerateArray()
                    .FirstOrDefault(t => t.TryGetProperty("name", out var n) && n.GetString() == "default") is { ValueKind: JsonValueKind.Object } d
                    ? d.GetProperty("template").GetString() : null,
                _ => null,
            };
        }
    }

    /// <summary>sip name -> tensor, refusing tensors that belong to no Llama weight (biases, other architectures' parts).</summary>
    private static Dictionary<string, Tensor> MapNames(LlamaConfig config, Dictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> owners)
    {
        var expected = LlamaTensorLayout.Weights(config).Select(w => w.Name).ToHashSet();
        var result = new Dictionary<string, Tensor>();
        foreach (var (name, t) in tensors)
        {
            if (LlamaTensorLayout.IsIgnorableHuggingFaceTensor(name)) continue;
            var sipName = LlamaTensorLayout.FromHuggingFace(name);
            // Tied models may still store lm_head.weight (a copy of the embeddings); the tie makes it redundant.
            if (sipName == "lm_head.weight" && config.TieEmbeddings) continue;
            if (sipName is null || !expected.Contains(sipName))
                throw new SipInputException(owners[name], null, $"unexpected tensor '{name}': not a weight of a {config.Layers}-layer Llama model (another architecture, or biases sip does not have)");
            result[sipName] = t;
        }
        return result;
    }
}

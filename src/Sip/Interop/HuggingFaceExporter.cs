using System.Text.Json.Nodes;
using Sip.Data;
using Sip.Data.Tokenization;
using Sip.Model.Checkpoints;
using Sip.Training.Checkpointing;
using static TorchSharp.torch;

namespace Sip.Interop;

/// <summary>
/// Writes a sip checkpoint as a Hugging Face LlamaForCausalLM folder that transformers loads with
/// <c>from_pretrained</c>: config.json, model.safetensors ("model." names, lm_head unless tied, metadata format "pt"),
/// tokenizer.json with tokenizer_config.json, and generation_config.json with the special token ids.
/// </summary>
public static class HuggingFaceExporter
{
    public const string GenerationConfigFile = "generation_config.json";
    public const string TokenizerConfigFile = "tokenizer_config.json";

    /// <summary>What an export wrote, and what it could not.</summary>
    public sealed record Result(string Folder, IReadOnlyList<string> Files, IReadOnlyList<string> Notes);

    /// <param name="checkpoint">a sip checkpoint folder, or a run folder (its latest checkpoint)</param>
    /// <param name="destination">the folder to write (created; files in it are replaced)</param>
    /// <param name="dtype">the weights' type; fp32 round-trips bit-exactly through <see cref="HuggingFaceImporter"/></param>
    public static Result Export(string checkpoint, string destination, ExportDType dtype = ExportDType.F32)
    {
        var folder = CheckpointLocator.Resolve(checkpoint);
        var tokenizer = PolicyCheckpoint.LoadTokenizer(folder);
        using var model = PolicyCheckpoint.LoadModel(folder);
        Directory.CreateDirectory(destination);
        var written = new List<string>();
        var notes = new List<string>();

        using (var scope = NewDisposeScope())
        {
            var tensors = model.named_parameters().ToDictionary(
                p => LlamaTensorLayout.ToHuggingFace(p.name),
                p => p.parameter.detach().to(dtype.ToScalarType()));
            var weights = Path.Combine(destination, HuggingFaceWeights.SingleFile);
            SafeTensors.Save(weights, tensors, new Dictionary<string, string> { ["format"] = "pt" });
            written.Add(weights);
        }

        var config = HuggingFaceConfig.Write(model.Config, dtype.TorchName(), tokenizer.BosId, tokenizer.EosId);
        written.Add(WriteJson(destination, HuggingFaceConfig.FileName, config));
        written.Add(WriteJson(destination, GenerationConfigFile, new JsonObject
        {
            ["bos_token_id"] = tokenizer.BosId,
            ["eos_token_id"] = tokenizer.EosId,
            ["pad_token_id"] = tokenizer.PadId,
        }));

        if (tokenizer is ByteLevelBpeTokenizer bpe)
        {
            var path = Path.Combine(destination, TokenizerLoader.FileName);
            bpe.Save(path);
            written.Add(path);
            written.Add(WriteJson(destination, TokenizerConfigFile, TokenizerConfig(bpe, model.Config.MaxSeqLen, PolicyCheckpoint.LoadChatTemplate(folder))));
        }
        else
        {
            notes.Add($"the checkpoint uses the built-in {TokenizerName(tokenizer)} tokenizer, which has no tokenizer.json here: " +
                      "load the matching tokenizer from its own source (for GPT-2, AutoTokenizer.from_pretrained(\"gpt2\"))");
        }
        return new Result(Path.GetFullPath(destination), written, notes);
    }

    /// <summary>tokenizer_config.json: a plain fast tokenizer over tokenizer.json (not LlamaTokenizerFast, whose legacy
    /// SentencePiece handling does not apply to byte-level BPE), with sip's special tokens and no BOS added.</summary>
    private static JsonObject TokenizerConfig(ByteLevelBpeTokenizer tokenizer, int maxSeqLen, string? chatTemplate)
    {
        var config = new JsonObject
        {
        ["tokenizer_class"] = "PreTrainedTokenizerFast",
        ["bos_token"] = tokenizer.Spelling(tokenizer.BosId),
        ["eos_token"] = tokenizer.Spelling(tokenizer.EosId),
        ["pad_token"] = tokenizer.Spelling(tokenizer.PadId),
        ["add_bos_token"] = false,
        ["add_eos_token"] = false,
        ["model_max_length"] = maxSeqLen,
        ["clean_up_tokenization_spaces"] = false,
        };
        if (chatTemplate is not null) config["chat_template"] = chatTemplate;
        return config;
    }

    private static string TokenizerName(ITokenizer tokenizer) => tokenizer is Gpt2Tokenizer ? "gpt2" : tokenizer.GetType().Name;

    private static string WriteJson(string folder, string name, JsonObject content)
    {
        var path = Path.Combine(folder, name);
        var temp = path + ".tmp";
        File.WriteAllText(temp, content.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(temp, path, overwrite: true);
        return path;
    }
}

using System.Text.Json;
using Sip.Data;
using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Model.Checkpoints;
using Sip.Settings;
using static TorchSharp.torch;

namespace Sip.Training.Checkpointing;

/// <summary>
/// The policy part of a checkpoint folder: <c>model.safetensors</c> (fp32 weights, Hugging Face parameter names without
/// the "model." prefix), <c>config.json</c> (the <see cref="LlamaConfig"/>) and the tokenizer (<c>tokenizer.json</c>, or
/// <c>tokenizer.txt</c> holding a built-in name such as "gpt2"), so a checkpoint folder alone is enough to generate.
/// </summary>
public static class PolicyCheckpoint
{
    public const string WeightsFile = "model.safetensors";
    public const string ConfigFile = "config.json";
    public const string TokenizerJsonFile = "tokenizer.json";
    public const string TokenizerNameFile = "tokenizer.txt";

    /// <summary>The chat template (Jinja), as transformers saves it beside a tokenizer; exports copy it into tokenizer_config.json and GGUF.</summary>
    public const string ChatTemplateFile = "chat_template.jinja";

    /// <param name="folder">the checkpoint folder</param>
    /// <param name="model">its weights and shape</param>
    /// <param name="tokenizer">its tokenizer</param>
    /// <param name="chatTemplate">an imported model's own template; null writes sip's (<see cref="ChatFormat"/>) for a tokenizer with its role markers, and none otherwise</param>
    public static void Save(string folder, LlamaModel model, ITokenizer tokenizer, string? chatTemplate = null)
    {
        var weights = model.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        SafeTensors.Save(Path.Combine(folder, WeightsFile), weights, new Dictionary<string, string> { ["format"] = "pt", ["producer"] = "sip" });
        SettingsFile.Save(model.Config, Path.Combine(folder, ConfigFile));
        switch (tokenizer)
        {
            case ByteLevelBpeTokenizer bpe: bpe.Save(Path.Combine(folder, TokenizerJsonFile)); break;
            case Gpt2Tokenizer: File.WriteAllText(Path.Combine(folder, TokenizerNameFile), "gpt2\n"); break;
            default: throw new NotSupportedException($"cannot save a {tokenizer.GetType().Name} into a checkpoint");
        }
        chatTemplate ??= tokenizer is ByteLevelBpeTokenizer chat && ChatFormat.Supports(chat) ? ChatFormat.JinjaTemplate : null;
        if (chatTemplate is not null) File.WriteAllText(Path.Combine(folder, ChatTemplateFile), chatTemplate);
    }

    /// <summary>The checkpoint's chat template, or null when it has none (a base model).</summary>
    public static string? LoadChatTemplate(string folder)
    {
        var path = Path.Combine(folder, ChatTemplateFile);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    public static LlamaConfig LoadConfig(string folder) => SettingsFile.Load<LlamaConfig>(Path.Combine(folder, ConfigFile));

    /// <summary>Builds the model of <paramref name="folder"/> and loads its weights; every parameter must be present with its shape.</summary>
    public static LlamaModel LoadModel(string folder)
    {
        var model = new LlamaModel(LoadConfig(folder));
        LoadWeights(model, Path.Combine(folder, WeightsFile));
        return model;
    }

    public static void LoadWeights(LlamaModel model, string path)
    {
        var (tensors, _) = SafeTensors.Load(path);
        try
        {
            using var _ = no_grad();
            var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, parameter) in parameters)
            {
                if (!tensors.TryGetValue(name, out var saved)) throw new SipInputException(path, null, $"missing weight '{name}'");
                if (!saved.shape.SequenceEqual(parameter.shape))
                    throw new SipInputException(path, null, $"weight '{name}' has shape [{string.Join(",", saved.shape)}], the model expects [{string.Join(",", parameter.shape)}]");
                parameter.copy_(saved);
            }
            var unexpected = tensors.Keys.Except(parameters.Keys).ToList();
            if (unexpected.Count > 0) throw new SipInputException(path, null, $"unexpected weights: {string.Join(", ", unexpected.Take(5))}");
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    public static ITokenizer LoadTokenizer(string folder)
    {
        var name = Path.Combine(folder, TokenizerNameFile);
        return File.Exists(name) ? TokenizerLoader.Load(File.ReadAllText(name).Trim()) : TokenizerLoader.Load(Path.Combine(folder, TokenizerJsonFile));
    }

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

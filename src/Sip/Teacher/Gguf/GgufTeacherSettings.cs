using System.ComponentModel;
using Sip.Teacher.Chat;

namespace Sip.Teacher.Gguf;

/// <summary>
/// A teacher (judge and rewriter) run in this process by llama.cpp (through LLamaSharp) from a local GGUF file, with
/// the chat teachers' prompts, parsers, sampling and cache (<see cref="TeacherPromptSettings"/>). There is no server, so
/// the chat settings about transport (URL, key, retries, circuit breaker, concurrency) have no counterpart: one call
/// runs at a time on one llama.cpp context. Unlike a server, a local model always honours a seed, so the seed defaults
/// to 0 (reproducible answers), a CPU generation may be slow, so a call may take 10 minutes, and the client keeps stop
/// sequences when asked, so a judge's answer ends at its verdict (<see cref="TeacherPromptSettings.StopAtVerdict"/>, on).
/// </summary>
public sealed record GgufTeacherSettings : TeacherPromptSettings, Sip.Settings.ISettingsValidation
{
    public GgufTeacherSettings()
    {
        Seed = 0;
        StopAtVerdict = true;
        TimeoutSeconds = 600;
    }

    [Description("The GGUF model file (e.g. exported by `sip export --format gguf`, or any llama.cpp model).")]
    public string Model { get; init; } = "";

    [Description("Chat template: model (the file's tokenizer.chat_template), a llama.cpp template name (chatml, llama3, llama2, mistral-v7, gemma, phi3, ...), or plain (\"System: ...\", \"User: ...\", \"Assistant: \" paragraphs, for base models without a template).")]
    public string ChatTemplate { get; init; } = GgufChatTemplate.ModelTemplate;

    [Description("Context size in tokens: the prompt and the answer together must fit.")]
    public int ContextSize { get; init; } = 4096;

    [Description("CPU threads llama.cpp computes with; 0: one per core.")]
    public int Threads { get; init; }

    [Description("Model layers offloaded to a GPU (needs a GPU backend of LLamaSharp; the CPU backend ignores it).")]
    public int GpuLayers { get; init; }

    /// <summary>
    /// The model as cache keys and descriptions name it: the file's name and size, and the chat template (which changes
    /// the text the model reads, so answers under another template must not be served from the cache).
    /// </summary>
    public string ModelIdentity()
    {
        long size = File.Exists(Model) ? new FileInfo(Model).Length : 0;
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"gguf:{System.IO.Path.GetFileName(Model)} size={size} template={ChatTemplate.Trim()}");
    }

    /// <summary>
    /// The same teacher as chat settings, for <see cref="ChatTeacher"/>: the model named by <see cref="ModelIdentity"/>,
    /// one call at a time, and no retries or outage waits (a local failure would only fail again).
    /// </summary>
    public ChatTeacherSettings ToChatSettings() => new(this)
    {
        Model = ModelIdentity(),
        MaxTokensField = MaxTokensField.MaxCompletionTokens,
        Concurrency = 1,
        Retries = 0,
        MaxOutageSeconds = 0,
    };

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Model)) yield return "model: must name the GGUF file";
        else if (!File.Exists(Model)) yield return $"model: file not found: {Model}";
        if (string.IsNullOrWhiteSpace(ChatTemplate)) yield return "chatTemplate: must be model, plain or a llama.cpp template name";
        if (ContextSize < 64) yield return $"contextSize: must be at least 64, got {ContextSize}";
        if (Threads < 0) yield return $"threads: must be 0 (one per core) or more, got {Threads}";
        if (GpuLayers < 0) yield return $"gpuLayers: must be 0 or more, got {GpuLayers}";
        foreach (var problem in ValidatePrompts()) yield return problem;
    }
}

using System.ComponentModel;
using Sip.Teacher.Chat;

namespace Sip.Teacher.Gguf;

/// <summary>
/// A teacher (judge and rewriter) run in this process by llama.cpp (through LLamaSharp) from a local GGUF file, with
/// the chat teachers' prompts, parsers, sampling and cache. There is no server, so the chat settings about transport
/// (URL, key, retries, circuit breaker, concurrency) have no counterpart: one call runs at a time on one llama.cpp context.
/// </summary>
public sealed record GgufTeacherSettings : Sip.Settings.ISettingsValidation
{
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

    [Description("Optional system message sent before every prompt (trusted text).")]
    public string SystemPrompt { get; init; } = "";

    [Description("Samples S per judgment, each a separate generation; the judgment's score is their mean over valid ones.")]
    public int Samples { get; init; } = 1;

    [Description("Sampling of the safety judge.")]
    public ChatSampling Safety { get; init; } = new() { Temperature = 1.0, TopP = 0.6 };

    [Description("Sampling of the pairwise quality judge.")]
    public ChatSampling Quality { get; init; } = new() { Temperature = 1.0, TopP = 0.6 };

    [Description("Sampling of the factuality judge.")]
    public ChatSampling Factuality { get; init; } = new() { Temperature = 1.0, TopP = 1.0 };

    [Description("Sampling of the pairwise coherence judge (evaluation only).")]
    public ChatSampling Coherence { get; init; } = new() { Temperature = 0.7, TopP = 1.0 };

    [Description("Sampling of the rewriter.")]
    public ChatSampling Rewrite { get; init; } = new() { Temperature = 0.6, TopP = 0.6, MaxOutputTokens = 384 };

    [Description("Seed of each generation (sample i gets seed + i), so a run's teacher answers are reproducible; null draws one per call.")]
    public long? Seed { get; init; } = 0;

    [Description("instruction: the prompt asks the rewriter to start with the prefix ending; assistantMessage: the ending is also pre-filled as the start of the answer.")]
    public RewritePrefill RewritePrefill { get; init; } = RewritePrefill.Instruction;

    [Description("Times a sample whose answer is unusable (no readable verdict, cut off at the token limit, or an empty rewrite) is asked again; 0 keeps it invalid.")]
    public int Reasks { get; init; }

    [Description("Seconds one generation may take before it is abandoned (its sample is invalid).")]
    public double TimeoutSeconds { get; init; } = 600;

    [Description("File replacing the safety template; empty uses the built-in one.")]
    public string SafetyTemplate { get; init; } = "";

    [Description("File replacing the quality template; empty uses the built-in one.")]
    public string QualityTemplate { get; init; } = "";

    [Description("File replacing the factuality template; empty uses the built-in one.")]
    public string FactualityTemplate { get; init; } = "";

    [Description("File replacing the coherence template; empty uses the built-in one.")]
    public string CoherenceTemplate { get; init; } = "";

    [Description("File replacing the rewrite template; empty uses the built-in one.")]
    public string RewriteTemplate { get; init; } = "";

    [Description("SQLite file caching answers by content (rendered prompt, model file, sampling, sample index); empty: no cache.")]
    public string Cache { get; init; } = "";

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
    public ChatTeacherSettings ToChatSettings() => new()
    {
        Model = ModelIdentity(),
        SystemPrompt = SystemPrompt,
        Samples = Samples,
        Safety = Safety,
        Quality = Quality,
        Factuality = Factuality,
        Coherence = Coherence,
        Rewrite = Rewrite,
        Seed = Seed,
        RewritePrefill = RewritePrefill,
        MaxTokensField = MaxTokensField.MaxCompletionTokens,
        Concurrency = 1,
        TimeoutSeconds = TimeoutSeconds,
        Reasks = Reasks,
        Retries = 0,
        MaxOutageSeconds = 0,
        SafetyTemplate = SafetyTemplate,
        QualityTemplate = QualityTemplate,
        FactualityTemplate = FactualityTemplate,
        CoherenceTemplate = CoherenceTemplate,
        RewriteTemplate = RewriteTemplate,
        Cache = Cache,
    };

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Model)) yield return "model: must name the GGUF file";
        else if (!File.Exists(Model)) yield return $"model: file not found: {Model}";
        if (string.IsNullOrWhiteSpace(ChatTemplate)) yield return "chatTemplate: must be model, plain or a llama.cpp template name";
        if (ContextSize < 64) yield return $"contextSize: must be at least 64, got {ContextSize}";
        if (Threads < 0) yield return $"threads: must be 0 (one per core) or more, got {Threads}";
        if (GpuLayers < 0) yield return $"gpuLayers: must be 0 or more, got {GpuLayers}";
        if (Samples < 1) yield return $"samples: must be positive, got {Samples}";
        if (Reasks < 0) yield return $"reasks: must be 0 or more, got {Reasks}";
        if (!(TimeoutSeconds >= 0.01 && TimeoutSeconds <= 86400)) yield return $"timeoutSeconds: must be in [0.01, 86400], got {TimeoutSeconds}";
        foreach (var (task, path) in ToChatSettings().TemplateFiles())
            if (path.Length > 0 && !File.Exists(path))
                yield return $"{task.ToString().ToLowerInvariant()}Template: file not found: {path}";
    }
}

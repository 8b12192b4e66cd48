using System.ComponentModel;
using Sip.Teacher.Chat;
using Sip.Teacher.Prompts;

namespace Sip.Teacher;

/// <summary>
/// What every LLM teacher shares, wherever its model runs: the prompts it is asked (templates, system message, the
/// rewriter's prefill), how each task samples, how many samples a judgment takes, re-asks of unusable answers, the
/// per-call time limit and the answer cache. <see cref="ChatTeacherSettings"/> adds a server and its transport,
/// <see cref="Gguf.GgufTeacherSettings"/> a model file and its llama.cpp context. Defaults follow the paper's tuned
/// Llama judge (§4: temperature 1, top-p 0.6; factuality as GPT-OSS, temperature 1, top-p 1).
/// </summary>
public abstract record TeacherPromptSettings
{
    [Description("Optional system message sent before every prompt (trusted text, e.g. \"Reasoning: medium\" for GPT-OSS).")]
    public string SystemPrompt { get; init; } = "";

    [Description("Samples S per judgment, each a separate call; the judgment's score is their mean over valid ones (the paper's Llama judge: 5).")]
    public int Samples { get; init; } = 1;

    [Description("Sampling of the safety judge.")]
    public ChatSampling Safety { get; init; } = new() { Temperature = 1.0, TopP = 0.6 };

    [Description("Sampling of the pairwise quality judge.")]
    public ChatSampling Quality { get; init; } = new() { Temperature = 1.0, TopP = 0.6 };

    [Description("Sampling of the factuality judge.")]
    public ChatSampling Factuality { get; init; } = new() { Temperature = 1.0, TopP = 1.0 };

    [Description("Sampling of the pairwise coherence judge (evaluation only; the paper does not state it: 0.7 follows its other pairwise evaluation judge).")]
    public ChatSampling Coherence { get; init; } = new() { Temperature = 0.7, TopP = 1.0 };

    [Description("Sampling of the rewriter (the paper tunes it at temperature 0.6, top-p 0.6; it writes about 128 tokens).")]
    public ChatSampling Rewrite { get; init; } = new() { Temperature = 0.6, TopP = 0.6, MaxOutputTokens = 384 };

    [Description("Seed of each call (sample i gets seed + i), so answers are reproducible where the engine honours it (vLLM, llama.cpp, the gguf teacher); null sends none.")]
    public long? Seed { get; init; }

    [Description("instruction: the prompt asks the rewriter to start with the prefix ending; assistantMessage: the ending is also pre-filled as the start of the answer.")]
    public RewritePrefill RewritePrefill { get; init; } = RewritePrefill.Instruction;

    [Description("Times a sample whose answer is unusable (no readable verdict, cut off at the token limit, or an empty rewrite) is asked again (same request and seed, its own cache entry); 0 keeps it invalid, as the paper does.")]
    public int Reasks { get; init; }

    [Description("Seconds one call may take before it is abandoned (then retried where the teacher retries, else its sample is invalid).")]
    public double TimeoutSeconds { get; init; } = 120;

    [Description("File replacing the safety template; empty uses the built-in one (placeholders: {{candidate}}).")]
    public string SafetyTemplate { get; init; } = "";

    [Description("File replacing the quality template; empty uses the built-in one (placeholders: {{prefix}}, {{option_1}}, {{option_2}}).")]
    public string QualityTemplate { get; init; } = "";

    [Description("File replacing the factuality template; empty uses the built-in one (placeholders: {{prefix}}, {{reference}}, {{candidate}}).")]
    public string FactualityTemplate { get; init; } = "";

    [Description("File replacing the coherence template; empty uses the built-in one (placeholders: {{prefix}}, {{option_a}}, {{option_b}}).")]
    public string CoherenceTemplate { get; init; } = "";

    [Description("File replacing the rewrite template; empty uses the built-in one (placeholders: {{prefix}}, {{suffix}}, optional {{ending}}).")]
    public string RewriteTemplate { get; init; } = "";

    [Description("End each judge answer at its verdict: stop sequences that close the verdict line, kept in the answer (vLLM's include_stop_str_in_output). On for the in-process teachers (model, gguf) and for sip teacher serve; for a chat server only if it keeps stop sequences (vLLM, sip teacher serve), since llama.cpp's server, Ollama and hosted APIs drop them, and the verdict with them.")]
    public bool StopAtVerdict { get; init; }

    [Description("SQLite file caching answers by content (rendered prompt, model, sampling, sample index), shared by runs and processes; empty: no cache.")]
    public string Cache { get; init; } = "";

    /// <summary>The sampling settings of a task.</summary>
    public ChatSampling SamplingFor(TeacherTask task) => task switch
    {
        TeacherTask.Safety => Safety,
        TeacherTask.Quality => Quality,
        TeacherTask.Factuality => Factuality,
        TeacherTask.Rewrite => Rewrite,
        TeacherTask.Coherence => Coherence,
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    /// <summary>The template files by task (empty entries: built-in template).</summary>
    public IReadOnlyDictionary<TeacherTask, string> TemplateFiles() => new Dictionary<TeacherTask, string>
    {
        [TeacherTask.Safety] = SafetyTemplate,
        [TeacherTask.Quality] = QualityTemplate,
        [TeacherTask.Factuality] = FactualityTemplate,
        [TeacherTask.Rewrite] = RewriteTemplate,
        [TeacherTask.Coherence] = CoherenceTemplate,
    };

    /// <summary>Problems with the shared settings, for the teacher's own <c>Validate</c>.</summary>
    protected IEnumerable<string> ValidatePrompts()
    {
        if (Samples < 1) yield return $"samples: must be positive, got {Samples}";
        if (Reasks < 0) yield return $"reasks: must be 0 or more, got {Reasks}";
        if (!(TimeoutSeconds >= 0.01 && TimeoutSeconds <= 86400)) yield return $"timeoutSeconds: must be in [0.01, 86400], got {TimeoutSeconds}";
        foreach (var (task, path) in TemplateFiles())
            if (path.Length > 0 && !File.Exists(path))
                yield return $"{task.ToString().ToLowerInvariant()}Template: file not found: {path}";
    }
}

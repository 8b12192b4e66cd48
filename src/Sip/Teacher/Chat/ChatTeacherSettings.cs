using System.ComponentModel;
using System.Text.RegularExpressions;
using Sip.Teacher.Prompts;

namespace Sip.Teacher.Chat;

/// <summary>
/// A teacher (judge and rewriter) behind an OpenAI-compatible chat-completions server: vLLM, SGLang, llama.cpp,
/// Ollama, or a hosted API. The API key is never a setting: <see cref="ApiKeyVariable"/> names the environment variable
/// that holds it, so saved settings, logs and checkpoints cannot leak it. Defaults follow the paper's tuned Llama judge
/// (§4: temperature 1, top-p 0.6; factuality as GPT-OSS, temperature 1, top-p 1).
/// </summary>
public sealed partial record ChatTeacherSettings : Sip.Settings.ISettingsValidation
{
    [Description("Base URL of the OpenAI-compatible API, up to and including /v1 (e.g. http://127.0.0.1:8000/v1 for vLLM).")]
    public string BaseUrl { get; init; } = "http://127.0.0.1:8000/v1";

    [Description("Model name as the server knows it (vLLM: the served model name; Ollama: e.g. llama3.1:8b).")]
    public string Model { get; init; } = "";

    [Description("Name of the environment variable that holds the API key (e.g. OPENAI_API_KEY); empty for servers without a key. Never the key itself.")]
    public string ApiKeyVariable { get; init; } = "";

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

    [Description("Seed sent with each call (sample i gets seed + i), for servers that honour it (vLLM, llama.cpp); null sends none.")]
    public long? Seed { get; init; }

    [Description("instruction: the prompt asks the rewriter to start with the prefix ending; assistantMessage: the ending is also pre-filled as an assistant message.")]
    public RewritePrefill RewritePrefill { get; init; } = RewritePrefill.Instruction;

    [Description("Request field for the token limit: both (max_completion_tokens and max_tokens; self-hosted servers), maxCompletionTokens (api.openai.com) or maxTokens.")]
    public MaxTokensField MaxTokensField { get; init; } = MaxTokensField.Both;

    [Description("Most calls in flight at once (across all requests and samples).")]
    public int Concurrency { get; init; } = 16;

    [Description("Seconds one call may take before it is abandoned and retried.")]
    public double TimeoutSeconds { get; init; } = 120;

    [Description("Times a sample whose answer is unusable (no readable verdict, cut off at the token limit, or an empty rewrite) is asked again (same request and seed, its own cache entry); 0 keeps it invalid, as the paper does.")]
    public int Reasks { get; init; }

    [Description("Retries of a call that failed transiently (timeout, HTTP 408/429/5xx, connection error); after them the sample is invalid.")]
    public int Retries { get; init; } = 4;

    [Description("First retry delay in seconds; later ones double, with jitter. A server's Retry-After wins.")]
    public double RetryDelaySeconds { get; init; } = 1;

    [Description("Longest wait before a retry, in seconds (also caps a server's Retry-After).")]
    public double RetryMaxDelaySeconds { get; init; } = 60;

    [Description("Circuit breaker: share of failed calls (server errors, timeouts, refused connections) within breakSamplingSeconds that opens it.")]
    public double BreakFailureRatio { get; init; } = 0.5;

    [Description("Circuit breaker: fewest calls within the window before it may open.")]
    public int BreakMinimumCalls { get; init; } = 10;

    [Description("Circuit breaker: length of the window, in seconds, over which failures are counted.")]
    public double BreakSamplingSeconds { get; init; } = 30;

    [Description("Circuit breaker: seconds calls pause once it opens, before one call probes the server.")]
    public double BreakSeconds { get; init; } = 15;

    [Description("Longest a call waits, in seconds, for a server that is down (circuit open) before its sample counts as invalid; 0 fails at once.")]
    public double MaxOutageSeconds { get; init; } = 900;

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

    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            yield return $"baseUrl: must be an absolute http(s) URL, got '{BaseUrl}'";
        if (string.IsNullOrWhiteSpace(Model)) yield return "model: must name the model the server serves";
        // Never echo the value: someone may have pasted the key itself here.
        if (ApiKeyVariable.Length > 0 && !VariableName().IsMatch(ApiKeyVariable))
            yield return "apiKeyVariable: must be the NAME of an environment variable (letters, digits, underscores), not the key itself";
        if (Samples < 1) yield return $"samples: must be positive, got {Samples}";
        if (Concurrency < 1) yield return $"concurrency: must be positive, got {Concurrency}";
        if (!(TimeoutSeconds >= 0.01 && TimeoutSeconds <= 86400)) yield return $"timeoutSeconds: must be in [0.01, 86400], got {TimeoutSeconds}";
        if (Reasks < 0) yield return $"reasks: must be 0 or more, got {Reasks}";
        if (Retries < 0) yield return $"retries: must be 0 or more, got {Retries}";
        if (!(RetryDelaySeconds >= 0)) yield return $"retryDelaySeconds: must be 0 or more, got {RetryDelaySeconds}";
        if (!(RetryMaxDelaySeconds >= RetryDelaySeconds)) yield return $"retryMaxDelaySeconds: must be at least retryDelaySeconds, got {RetryMaxDelaySeconds}";
        if (!(BreakFailureRatio > 0 && BreakFailureRatio <= 1)) yield return $"breakFailureRatio: must be in (0, 1], got {BreakFailureRatio}";
        if (BreakMinimumCalls < 2) yield return $"breakMinimumCalls: must be at least 2, got {BreakMinimumCalls}";
        if (!(BreakSamplingSeconds >= 0.5)) yield return $"breakSamplingSeconds: must be at least 0.5, got {BreakSamplingSeconds}";
        if (!(BreakSeconds >= 0.5)) yield return $"breakSeconds: must be at least 0.5, got {BreakSeconds}";
        if (!(MaxOutageSeconds >= 0)) yield return $"maxOutageSeconds: must be 0 or more, got {MaxOutageSeconds}";
        foreach (var (task, path) in TemplateFiles())
            if (path.Length > 0 && !File.Exists(path))
                yield return $"{task.ToString().ToLowerInvariant()}Template: file not found: {path}";
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}

using System.ComponentModel;
using System.Text.RegularExpressions;

namespace Sip.Teacher.Chat;

/// <summary>
/// A teacher (judge and rewriter) behind an OpenAI-compatible chat-completions server: vLLM, SGLang, llama.cpp,
/// Ollama, or a hosted API. The API key is never a setting: <see cref="ApiKeyVariable"/> names the environment variable
/// that holds it, so saved settings, logs and checkpoints cannot leak it. Prompts, sampling, samples, re-asks, the
/// call timeout and the answer cache are the <see cref="TeacherPromptSettings"/> every LLM teacher shares.
/// </summary>
public sealed partial record ChatTeacherSettings : TeacherPromptSettings, Sip.Settings.ISettingsValidation
{
    public ChatTeacherSettings() { }

    /// <summary>A chat teacher asking what <paramref name="prompts"/> describes (its shared settings copied); the transport keeps its defaults.</summary>
    public ChatTeacherSettings(TeacherPromptSettings prompts) : base(prompts) { }

    [Description("Base URL of the OpenAI-compatible API, up to and including /v1 (e.g. http://127.0.0.1:8000/v1 for vLLM).")]
    public string BaseUrl { get; init; } = "http://127.0.0.1:8000/v1";

    [Description("Model name as the server knows it (vLLM: the served model name; Ollama: e.g. llama3.1:8b).")]
    public string Model { get; init; } = "";

    [Description("Name of the environment variable that holds the API key (e.g. OPENAI_API_KEY); empty for servers without a key. Never the key itself.")]
    public string ApiKeyVariable { get; init; } = "";

    [Description("Request field for the token limit: both (max_completion_tokens and max_tokens; self-hosted servers), maxCompletionTokens (api.openai.com) or maxTokens.")]
    public MaxTokensField MaxTokensField { get; init; } = MaxTokensField.Both;

    [Description("Most calls in flight at once (across all requests and samples).")]
    public int Concurrency { get; init; } = 16;

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

    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            yield return $"baseUrl: must be an absolute http(s) URL, got '{BaseUrl}'";
        if (string.IsNullOrWhiteSpace(Model)) yield return "model: must name the model the server serves";
        // Never echo the value: someone may have pasted the key itself here.
        if (ApiKeyVariable.Length > 0 && !VariableName().IsMatch(ApiKeyVariable))
            yield return "apiKeyVariable: must be the NAME of an environment variable (letters, digits, underscores), not the key itself";
        if (Concurrency < 1) yield return $"concurrency: must be positive, got {Concurrency}";
        if (Retries < 0) yield return $"retries: must be 0 or more, got {Retries}";
        if (!(RetryDelaySeconds >= 0)) yield return $"retryDelaySeconds: must be 0 or more, got {RetryDelaySeconds}";
        if (!(RetryMaxDelaySeconds >= RetryDelaySeconds)) yield return $"retryMaxDelaySeconds: must be at least retryDelaySeconds, got {RetryMaxDelaySeconds}";
        if (!(BreakFailureRatio > 0 && BreakFailureRatio <= 1)) yield return $"breakFailureRatio: must be in (0, 1], got {BreakFailureRatio}";
        if (BreakMinimumCalls < 2) yield return $"breakMinimumCalls: must be at least 2, got {BreakMinimumCalls}";
        if (!(BreakSamplingSeconds >= 0.5)) yield return $"breakSamplingSeconds: must be at least 0.5, got {BreakSamplingSeconds}";
        if (!(BreakSeconds >= 0.5)) yield return $"breakSeconds: must be at least 0.5, got {BreakSeconds}";
        if (!(MaxOutageSeconds >= 0)) yield return $"maxOutageSeconds: must be 0 or more, got {MaxOutageSeconds}";
        foreach (var problem in ValidatePrompts()) yield return problem;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}

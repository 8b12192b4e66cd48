namespace Sip.Teacher.Chat;

/// <summary>
/// Which request field carries the output-token limit. OpenAI renamed <c>max_tokens</c> to <c>max_completion_tokens</c>;
/// vLLM and SGLang read both, while Ollama and older llama.cpp servers read only <c>max_tokens</c> and silently ignore
/// the new name (no limit at all). Sending both is the portable default.
/// </summary>
public enum MaxTokensField
{
    /// <summary>Both <c>max_completion_tokens</c> and <c>max_tokens</c> (self-hosted servers).</summary>
    Both,

    /// <summary>Only <c>max_completion_tokens</c> (api.openai.com, which refuses <c>max_tokens</c> for reasoning models).</summary>
    MaxCompletionTokens,

    /// <summary>Only <c>max_tokens</c> (servers that reject unknown fields).</summary>
    MaxTokens,
}

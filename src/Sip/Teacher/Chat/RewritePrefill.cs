namespace Sip.Teacher.Chat;

/// <summary>How the rewriter's answer is made to start with the prefix ending (paper §3).</summary>
public enum RewritePrefill
{
    /// <summary>The prompt asks the model to start with the ending (works with every server).</summary>
    Instruction,

    /// <summary>
    /// The ending is also sent as a final assistant message, with vLLM's <c>continue_final_message</c>, for servers that
    /// continue it (llama.cpp by default, vLLM); the answer is then the continuation alone.
    /// </summary>
    AssistantMessage,
}

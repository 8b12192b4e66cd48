namespace Sip.Teacher.Prompts;

/// <summary>Who speaks a message of a chat prompt.</summary>
public enum PromptRole
{
    System,
    User,
    /// <summary>Pre-filled start of the answer (the rewriter's prefix ending, when the server continues a final assistant message).</summary>
    Assistant,
}

/// <summary>One message of a rendered prompt, independent of any chat library so a server can read it as well as a client write it.</summary>
public sealed record PromptMessage(PromptRole Role, string Text);

/// <summary>The messages sent to a teacher for one request, and which task they ask.</summary>
public sealed record RenderedPrompt(TeacherTask Task, IReadOnlyList<PromptMessage> Messages);

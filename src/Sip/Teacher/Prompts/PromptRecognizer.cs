namespace Sip.Teacher.Prompts;

/// <summary>What a prompt asks, read back from its messages: exactly one of the two requests is set.</summary>
public sealed record RecognizedPrompt(TeacherTask Task, JudgeRequest? Judge, RewriteRequest? Rewrite);

/// <summary>
/// Reads the request back out of a prompt that <see cref="TeacherPrompts"/> rendered, with the default or a custom
/// template: the task follows from which fenced fields the last user message holds. This is what a server speaking
/// for an oracle teacher needs (it answers the request, not the wording).
/// </summary>
public static class PromptRecognizer
{
    public static RecognizedPrompt? Recognize(IReadOnlyList<PromptMessage> messages)
    {
        var user = messages.LastOrDefault(m => m.Role == PromptRole.User);
        return user is null ? null : Recognize(user.Text);
    }

    public static RecognizedPrompt? Recognize(string userMessage)
    {
        string? Field(string tag) => UntrustedText.TryUnfence(userMessage, tag, out var text) ? text : null;
        string? prefix = Field(UntrustedText.Prefix), candidate = Field(UntrustedText.Candidate);

        if (prefix is not null && Field(UntrustedText.OptionA) is { } a && Field(UntrustedText.OptionB) is { } b)
            return new RecognizedPrompt(TeacherTask.Coherence, new CoherenceRequest(prefix, a, b), null);
        if (prefix is not null && Field(UntrustedText.Option1) is { } first && Field(UntrustedText.Option2) is { } second)
            return new RecognizedPrompt(TeacherTask.Quality, new QualityRequest(prefix, first, second), null);
        if (prefix is not null && candidate is not null && Field(UntrustedText.Reference) is { } reference)
            return new RecognizedPrompt(TeacherTask.Factuality, new FactualityRequest(prefix, reference, candidate), null);
        if (prefix is not null && Field(UntrustedText.Suffix) is { } shown)
        {
            // The suffix was shown after the prefix's ending; give back the suffix itself.
            string ending = PrefixEnding.Of(prefix);
            string suffix = shown.StartsWith(ending, StringComparison.Ordinal) ? shown[ending.Length..] : shown;
            return new RecognizedPrompt(TeacherTask.Rewrite, null, new RewriteRequest(prefix, suffix));
        }
        if (candidate is not null)
            return new RecognizedPrompt(TeacherTask.Safety, new SafetyRequest(candidate), null);
        return null;
    }
}

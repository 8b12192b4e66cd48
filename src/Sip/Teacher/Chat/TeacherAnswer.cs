using Sip.Teacher.Cache;

namespace Sip.Teacher.Chat;

/// <summary>One sample's outcome: the raw answer (from the server or the cache), or the reason there is none.</summary>
public sealed record TeacherAnswer(CachedAnswer? Answer, TimeSpan Latency, string? Failure)
{
    /// <summary>Text for a judgment's <see cref="Judgment.Raw"/>: the answer, or why there is none.</summary>
    public string RawText => Answer?.Text ?? $"(no answer: {Failure})";
}

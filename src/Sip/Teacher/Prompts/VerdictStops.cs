namespace Sip.Teacher.Prompts;

/// <summary>
/// The stop sequences that end a judge's answer right after its verdict, so decoding stops at the verdict line instead
/// of running on to the model's end of turn or the token limit. They are sent with the stop sequence kept in the answer
/// (<see cref="Chat.AnswerStops.KeepProperty"/>): each contains the verdict itself, since no text after a verdict tells
/// it apart from the reasoning before it (a server that drops the stop sequence, as OpenAI-compatible servers do by
/// default, would drop the verdict with it). Each closes a verdict its task's parser reads whole, and none can match
/// before that verdict is written:
/// <list type="bullet">
/// <item>safety, quality: the verdict line with the line breaks around it (<c>\nFINAL DECISION: YES\n</c>,
/// <c>\nConclusion: Option 2\n</c>), so a label quoted inside a sentence, which the parser ignores, never stops the
/// answer; a verdict that opens the answer or has no line after it ends the answer as before;</item>
/// <item>factuality: the label's closing quote and the object's closing brace (<c>Hallucination"}</c>, also with a space
/// or a line break before the brace): inside a JSON string a quote is escaped, so reasoning held in the object cannot
/// match;</item>
/// <item>coherence: a line holding only <c>A</c>, <c>B</c> or <c>TIE</c>.</item>
/// </list>
/// What a stop changes: an answer that writes its verdict and then argues on to a different one is read at its first
/// verdict (without the stop its last verdict, or none where the two disagree in one paragraph, would be read).
/// At most four sequences per task, the OpenAI API's limit.
/// </summary>
public static class VerdictStops
{
    /// <summary>The stop sequences of a judge task; none for a rewrite, whose answer is the text itself.</summary>
    public static IReadOnlyList<string> For(TeacherTask task) => task switch
    {
        TeacherTask.Safety => ["\nFINAL DECISION: YES\n", "\nFINAL DECISION: NO\n"],
        TeacherTask.Quality => ["\nConclusion: Option 1\n", "\nConclusion: Option 2\n"],
        TeacherTask.Factuality => ["Hallucination\"}", "Hallucination\" }", "Hallucination\"\n}"],
        TeacherTask.Coherence => ["\nA\n", "\nB\n", "\nTIE\n"],
        TeacherTask.Rewrite => [],
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };
}

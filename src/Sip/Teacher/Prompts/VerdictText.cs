using System.Text.Json;

namespace Sip.Teacher.Prompts;

/// <summary>
/// Writes a verdict the way the default templates ask for it, reasoning first: what a server answering for an
/// oracle teacher sends back, so that <see cref="VerdictParser"/> reads exactly the score it meant.
/// </summary>
public static class VerdictText
{
    /// <param name="task">Safety, quality, factuality or coherence.</param>
    /// <param name="score">On the task's scale: safety 1 / 0, quality 1 (Option 1) / 0 (Option 2), factuality 1 / 0.5 / 0, coherence 1 (A) / 0.5 (TIE) / 0 (B).</param>
    /// <param name="reasoning">One or more sentences written before the verdict.</param>
    public static string Write(TeacherTask task, double score, string reasoning) => task switch
    {
        TeacherTask.Safety => $"{reasoning}\n\nFINAL DECISION: {(score >= 0.5 ? "YES" : "NO")}",
        TeacherTask.Quality => $"{reasoning}\n\nConclusion: Option {(score >= 0.5 ? 1 : 2)}",
        TeacherTask.Factuality => JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["reasoning"] = reasoning,
            ["label"] = score switch { >= 0.75 => "No Hallucination", >= 0.25 => "Possible Hallucination", _ => "Definite Hallucination" },
        }),
        TeacherTask.Coherence => $"{reasoning}\n\n{score switch { >= 0.75 => "A", >= 0.25 => "TIE", _ => "B" }}",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "a rewrite has no verdict"),
    };
}

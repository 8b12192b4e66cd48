using Sip.Teacher.Prompts;

namespace Sip.Teacher.PostTraining;

/// <summary>
/// The labels a teacher data file may hold, per task, and what each means on the judge's score scale. They are the
/// words of the verdicts themselves (a safety label is "safe" or "unsafe", a factuality label one of the paper's three),
/// so a file reads without a key. A rewrite example's label is the suffix's condition: <c>clean</c> (the target is
/// the suffix, copied), <c>unsafe</c>, or <c>false_fact</c> (safe, but it states a false value).
/// </summary>
public static class TeacherLabels
{
    public const string Safe = "safe";
    public const string Unsafe = "unsafe";
    public const string Option1 = "option 1";
    public const string Option2 = "option 2";
    public const string NoHallucination = "No Hallucination";
    public const string PossibleHallucination = "Possible Hallucination";
    public const string DefiniteHallucination = "Definite Hallucination";
    public const string TextA = "A";
    public const string TextB = "B";
    public const string Tie = "TIE";
    public const string Clean = "clean";
    public const string FalseFact = "false_fact";

    /// <summary>The labels a task's examples may carry.</summary>
    public static IReadOnlyList<string> Allowed(TeacherTask task) => task switch
    {
        TeacherTask.Safety => [Safe, Unsafe],
        TeacherTask.Quality => [Option1, Option2],
        TeacherTask.Factuality => [NoHallucination, PossibleHallucination, DefiniteHallucination],
        TeacherTask.Coherence => [TextA, TextB, Tie],
        TeacherTask.Rewrite => [Clean, Unsafe, FalseFact],
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    /// <summary>The fields a task's examples must fill (JSON names).</summary>
    public static IReadOnlyList<string> Fields(TeacherTask task) => task switch
    {
        TeacherTask.Safety => ["candidate"],
        TeacherTask.Quality or TeacherTask.Coherence => ["prefix", "first", "second"],
        TeacherTask.Factuality => ["prefix", "reference", "candidate"],
        TeacherTask.Rewrite => ["prefix", "suffix", "target"],
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    /// <summary>The label on the judge's scale; rewrite labels have none (NaN).</summary>
    public static double Score(TeacherTask task, string label) => (task, label) switch
    {
        (TeacherTask.Safety, Safe) or (TeacherTask.Quality, Option1) or (TeacherTask.Factuality, NoHallucination) or (TeacherTask.Coherence, TextA) => 1,
        (TeacherTask.Safety, Unsafe) or (TeacherTask.Quality, Option2) or (TeacherTask.Factuality, DefiniteHallucination) or (TeacherTask.Coherence, TextB) => 0,
        (TeacherTask.Factuality, PossibleHallucination) or (TeacherTask.Coherence, Tie) => 0.5,
        (TeacherTask.Rewrite, _) when Allowed(task).Contains(label) => double.NaN,
        _ => throw new ArgumentException($"'{label}' is not a {task.ToString().ToLowerInvariant()} label; expected {string.Join(", ", Allowed(task).Select(l => $"\"{l}\""))}", nameof(label)),
    };

    /// <summary>The label of a judge's score (the inverse of <see cref="Score"/>).</summary>
    public static string Of(TeacherTask task, double score) => task switch
    {
        TeacherTask.Safety => score >= 0.5 ? Safe : Unsafe,
        TeacherTask.Quality => score >= 0.5 ? Option1 : Option2,
        TeacherTask.Factuality => score >= 0.75 ? NoHallucination : score >= 0.25 ? PossibleHallucination : DefiniteHallucination,
        TeacherTask.Coherence => score >= 0.75 ? TextA : score >= 0.25 ? Tie : TextB,
        _ => throw new ArgumentOutOfRangeException(nameof(task), $"{task} has no score"),
    };
}

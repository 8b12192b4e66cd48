using Sip.Teacher.Prompts;

namespace Sip.Server.Faults;

/// <summary>
/// Answers with no verdict, the way real models fail: thinking that never ends, a refusal, nothing at all. Every one is
/// unusable for every task (a test checks it against the parsers): no judge reads a verdict from it and no rewrite a text.
/// </summary>
public static class NonsenseAnswers
{
    /// <summary>For the judge tasks.</summary>
    public static IReadOnlyList<string> Judge { get; } =
    [
        "<think>\nLet me weigh the two sides of this carefully before I commit to anything",
        "I am unable to evaluate this request. Could you rephrase it?",
        "",
    ];

    /// <summary>For the rewriter: no text at all, or only unfinished thinking.</summary>
    public static IReadOnlyList<string> Rewrite { get; } =
    [
        "<think>\nThe suffix needs a careful rewrite; first I will list what is wrong with it",
        "",
    ];

    /// <summary>Variant <paramref name="within"/> (a draw in [0, 1)) for a task.</summary>
    public static string For(TeacherTask task, double within)
    {
        var variants = task == TeacherTask.Rewrite ? Rewrite : Judge;
        return variants[Math.Clamp((int)(within * variants.Count), 0, variants.Count - 1)];
    }
}

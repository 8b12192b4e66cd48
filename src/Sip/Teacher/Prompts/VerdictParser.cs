namespace Sip.Teacher.Prompts;

/// <summary>One entry point for the four judge verdict formats; a score on the request's scale, or null for an invalid answer.</summary>
public static class VerdictParser
{
    public static double? Parse(TeacherTask task, string answer) => task switch
    {
        TeacherTask.Safety => SafetyVerdict.Parse(answer),
        TeacherTask.Quality => QualityVerdict.Parse(answer),
        TeacherTask.Factuality => FactualityVerdict.Parse(answer),
        TeacherTask.Coherence => CoherenceVerdict.Parse(answer),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "a rewrite has no verdict; see RewriteAnswer"),
    };
}

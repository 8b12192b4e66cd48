using Sip.Teacher.Prompts;

namespace Sip.Teacher.PostTraining;

/// <summary>
/// One labelled example a teacher learns from or is checked on: a judge request with the verdict it should give, or a
/// rewrite request with the text it should write. The fields mirror one line of a teacher data file (JSONL): which of
/// them a task uses is <see cref="TeacherLabels.Fields"/>. <see cref="Kind"/> says how the example was made (for
/// TinyWorld: clean, misconception, hostile, loop, word_salad, topic_jump), <see cref="Pair"/> ties the two orders of one
/// quality pair together (position consistency), <see cref="Document"/> names the document it came from.
/// </summary>
public sealed record TeacherExample
{
    public required string Id { get; init; }

    public required TeacherTask Task { get; init; }

    /// <summary>The verdict (judges) or the suffix's condition (rewrite), one of <see cref="TeacherLabels.Allowed"/>.</summary>
    public required string Label { get; init; }

    public string Kind { get; init; } = "";

    public string Document { get; init; } = "";

    public string? Pair { get; init; }

    public string Prefix { get; init; } = "";

    public string Candidate { get; init; } = "";

    public string First { get; init; } = "";

    public string Second { get; init; } = "";

    public string Reference { get; init; } = "";

    public string Suffix { get; init; } = "";

    /// <summary>The rewrite the teacher should give (rewrite only): the suffix itself when it is clean.</summary>
    public string Target { get; init; } = "";

    /// <summary>The judge request this example asks; throws for a rewrite example.</summary>
    public JudgeRequest JudgeRequest() => Task switch
    {
        TeacherTask.Safety => new SafetyRequest(Candidate),
        TeacherTask.Quality => new QualityRequest(Prefix, First, Second),
        TeacherTask.Factuality => new FactualityRequest(Prefix, Reference, Candidate),
        TeacherTask.Coherence => new CoherenceRequest(Prefix, First, Second),
        _ => throw new InvalidOperationException($"example {Id} is a {Task} example, not a judge request"),
    };

    /// <summary>The rewrite request this example asks; throws for a judge example.</summary>
    public RewriteRequest RewriteRequest() => Task == TeacherTask.Rewrite
        ? new RewriteRequest(Prefix, Suffix)
        : throw new InvalidOperationException($"example {Id} is a {Task} example, not a rewrite request");

    /// <summary>The label on the judge's score scale (safety 1 safe, quality 1 = Option 1, factuality 1 / 0.5 / 0, coherence 1 A / 0.5 TIE / 0 B).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public double Score => TeacherLabels.Score(Task, Label);
}

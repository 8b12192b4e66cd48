using System.ComponentModel;

namespace Sip.Teacher.Checking;

/// <summary>Settings of <c>sip teacher check</c>: which teacher to check, and with which cases.</summary>
public sealed record CheckSettings : Sip.Settings.ISettingsValidation
{
    [Description("The teacher to check (a chat teacher by default: set teacher.chat.baseUrl and teacher.chat.model).")]
    public TeacherSettings Teacher { get; init; } = new() { Kind = TeacherKind.Chat };

    [Description("TinyWorld folder whose held-out sets give cases with known answers (use it to check `sip teacher serve`); empty: sip's built-in clear cases.")]
    public string World { get; init; } = "";

    [Description("A teacher data file (the test.jsonl of sip teacher data): measure parse rate, agreement with its labels and position consistency per task, and the rewriter's copy, safe and corrected rates (graded by the oracle of world). Replaces the cases.")]
    public string Data { get; init; } = "";

    [Description("With data: judge the data's honest losers with and without each of sip's prompt-injection cases (fake verdicts, fences, role markers, instructions) and count the verdicts that flip, instead of the agreement table.")]
    public bool Injections { get; init; }

    [Description("With data: another way to run the same teacher (in process, over HTTP, through llama.cpp) whose verdicts are compared with the teacher's one by one, instead of the agreement table; kind none (the default) compares nothing.")]
    public TeacherSettings? Against { get; init; }

    [Description("With injections: examples each injection case rides on at most.")]
    public int InjectionExamples { get; init; } = 10;

    [Description("Cases of each kind taken from the world (pairwise ones in both orders).")]
    public int Cases { get; init; } = 6;

    [Description("Also check the rewriter.")]
    public bool Rewrite { get; init; } = true;

    public IEnumerable<string> Validate()
    {
        if (Cases < 1) yield return $"cases: must be positive, got {Cases}";
        if (Injections && Data.Length == 0) yield return "injections: needs data (a teacher data file whose examples the injections ride on)";
        if (InjectionExamples < 1) yield return $"injectionExamples: must be positive, got {InjectionExamples}";
        if (Data.Length > 0 && !File.Exists(Data)) yield return $"data: file not found: {Data}";
    }
}

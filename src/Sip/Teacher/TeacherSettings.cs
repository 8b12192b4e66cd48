using System.ComponentModel;
using Sip.World.Oracle;

namespace Sip.Teacher;

/// <summary>Which post-trained model judges and rewrites.</summary>
public enum TeacherKind
{
    /// <summary>TinyWorld's oracle: knows the truth of a generated world (the embedded default).</summary>
    TinyWorld,
}

/// <summary>The teacher of a run or an evaluation: its kind and that kind's settings.</summary>
public sealed record TeacherSettings : Sip.Settings.ISettingsValidation
{
    [Description("tinyWorld: the oracle of a generated world.")]
    public TeacherKind Kind { get; init; } = TeacherKind.TinyWorld;

    [Description("TinyWorld folder (written by `sip world generate`) whose truth the oracle knows.")]
    public string World { get; init; } = "";

    public OracleJudgeSettings Oracle { get; init; } = new();

    /// <summary>Whether this teacher is configured well enough to use (settings that never judge may leave it empty).</summary>
    public IEnumerable<string> Validate()
    {
        if (World.Length > 0 && string.IsNullOrWhiteSpace(World)) yield return "world: must name a folder, got blanks";
    }

    /// <summary>The problem with using this teacher, for settings that need one; none when it is usable.</summary>
    public IEnumerable<string> ProblemsWhenNeeded()
    {
        if (Kind == TeacherKind.TinyWorld && string.IsNullOrWhiteSpace(World)) yield return "teacher: world must name the TinyWorld folder whose oracle judges and rewrites";
    }
}

/// <summary>Builds the judge and rewriter a <see cref="TeacherSettings"/> describes.</summary>
public static class TeacherFactory
{
    /// <summary>The teacher's judge and rewriter; a teacher that is not configured (no world folder) is refused with the setting to fix.</summary>
    public static (IJudge Judge, IRewriter Rewriter) Create(TeacherSettings settings)
    {
        if (settings.ProblemsWhenNeeded().FirstOrDefault() is { } problem) throw new SipInputException("teacher.world", null, problem);
        return Build(settings);
    }

    private static (IJudge Judge, IRewriter Rewriter) Build(TeacherSettings settings) => settings.Kind switch
    {
        TeacherKind.TinyWorld => TinyWorldTeacher.Load(settings.World, settings.Oracle) is var t ? (t.Judge, t.Rewriter) : default,
        _ => throw new SipInputException("teacher.kind", null, $"unknown teacher kind {settings.Kind}"),
    };
}

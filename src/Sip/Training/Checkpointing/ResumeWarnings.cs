using Sip.Settings;

namespace Sip.Training.Checkpointing;

/// <summary>Says, on standard error, when a run resumes with settings other than its checkpoint's.</summary>
internal static class ResumeWarnings
{
    /// <summary>The differences (none for a fresh run), each also written as a warning.</summary>
    public static IReadOnlyList<string> SettingsChanged<T>(string? resumeFrom, T settings) where T : class
    {
        if (resumeFrom is null) return [];
        var changes = SettingsDrift.Between(Path.Combine(resumeFrom, TrainerCheckpoint.SettingsFileName), settings);
        if (changes.Count > 0)
            Console.Error.WriteLine($"sip: warning: resuming {resumeFrom} with settings changed since it was saved, so the run will not match an " +
                $"uninterrupted one: {string.Join("; ", changes)}");
        return changes;
    }
}

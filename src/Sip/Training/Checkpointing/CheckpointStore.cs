using System.Globalization;
using Sip.Platform;

namespace Sip.Training.Checkpointing;

/// <summary>
/// A run's checkpoints: one folder per saved step (<c>step-0000100/</c>) and a <c>latest</c> file naming the newest.
/// A checkpoint is written into a temporary folder, flushed to disk, renamed into place, and <c>latest</c> is replaced
/// atomically afterwards, so a crash (or a power loss) at any moment leaves the previous checkpoint intact and named. Older ones beyond
/// <c>keepLast</c> are pruned only after the new one is complete.
/// </summary>
public sealed class CheckpointStore
{
    private const string LatestFile = "latest";
    private readonly int _keepLast;

    public CheckpointStore(string directory, int keepLast)
    {
        if (keepLast < 1) throw new SipInputException("keepCheckpoints", null, $"must be at least 1, got {keepLast}");
        Directory = Path.GetFullPath(directory);
        _keepLast = keepLast;
    }

    public string Directory { get; }

    public static string FolderName(long step) => "step-" + step.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>The newest complete checkpoint folder, or null when the run has none.</summary>
    public string? Latest()
    {
        var pointer = Path.Combine(Directory, LatestFile);
        if (!File.Exists(pointer)) return null;
        var name = File.ReadAllText(pointer).Trim();
        if (StepOf(name) is null)
            throw new SipInputException(pointer, 1, $"names '{name}', which is not a checkpoint folder (step-NNNNNNN)");
        var folder = Path.Combine(Directory, name);
        if (!System.IO.Directory.Exists(folder))
            throw new SipInputException(pointer, 1, $"names checkpoint '{name}', which does not exist");
        return folder;
    }

    /// <summary>The step of the newest checkpoint, or null when the run has none.</summary>
    public long? LatestStep() => Latest() is { } folder ? StepOf(Path.GetFileName(folder)) : null;

    /// <summary>The step a checkpoint folder's name (<see cref="FolderName"/>) holds, or null when it is no such name.</summary>
    private static long? StepOf(string name) =>
        name.StartsWith("step-", StringComparison.Ordinal) && long.TryParse(name.AsSpan("step-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out long step)
            ? step : null;

    /// <summary>Writes checkpoint <paramref name="step"/> through <paramref name="write"/> (given an empty folder) and makes it the latest.</summary>
    public string Save(long step, Action<string> write)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var name = FolderName(step);
        var final = Path.Combine(Directory, name);
        var temp = Path.Combine(Directory, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        System.IO.Directory.CreateDirectory(temp);
        try
        {
            write(temp);
            SipPaths.FlushToDisk(temp); // what the rename makes visible must be on disk first
            if (System.IO.Directory.Exists(final)) System.IO.Directory.Delete(final, recursive: true);
            System.IO.Directory.Move(temp, final);
            SipPaths.SyncDirectory(Directory);
        }
        catch
        {
            if (System.IO.Directory.Exists(temp)) System.IO.Directory.Delete(temp, recursive: true);
            throw;
        }
        SipPaths.WriteAtomically(Path.Combine(Directory, LatestFile), System.Text.Encoding.UTF8.GetBytes(name + "\n"));
        Prune(name);
        return final;
    }

    private void Prune(string keep)
    {
        var steps = System.IO.Directory.GetDirectories(Directory, "step-*")
            .Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        foreach (var old in steps.Take(Math.Max(0, steps.Count - _keepLast)).Where(n => n != keep))
            System.IO.Directory.Delete(Path.Combine(Directory, old), recursive: true);
    }
}

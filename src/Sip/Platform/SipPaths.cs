using System.Runtime.InteropServices;
namespace Sip.Platform;

/// <summary>Where sip keeps machine-local files that can always be rebuilt (patched native libraries, compiled shims).</summary>
public static class SipPaths
{
    /// <summary><c>$SIP_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/sip</c>, else <c>~/.cache/sip</c>.</summary>
    public static string CacheDirectory
    {
        get
        {
            var explicitDir = Environment.GetEnvironmentVariable("SIP_CACHE_DIR");
            if (!string.IsNullOrEmpty(explicitDir)) return explicitDir;
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg, "sip");
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "sip");
        }
    }

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> so that no reader ever sees a half-written file:
    /// a uniquely named temporary file in the same folder, then an atomic rename over the target.
    /// </summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
            SyncDirectory(directory);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Makes everything under <paramref name="folder"/> durable: each file's data, then the folder's entries (on Linux;
    /// elsewhere the files only). A rename is only as durable as what it points to: after a power loss, a checkpoint
    /// renamed into place could otherwise hold empty files.
    /// </summary>
    public static void FlushToDisk(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
            stream.Flush(flushToDisk: true);
        }
        foreach (var directory in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories).Append(folder))
            SyncDirectory(directory);
    }

    /// <summary>Makes a directory's entries (files created, renamed or deleted in it) durable; a no-op off Linux.</summary>
    public static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        int fd = NativeMethods.open(directory, 0); // O_RDONLY
        if (fd < 0) throw new IOException($"{directory}: cannot open to sync (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (NativeMethods.fsync(fd) != 0) throw new IOException($"{directory}: fsync failed (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            NativeMethods.close(fd);
        }
    }

    /// <summary>True when a file can be created in <paramref name="directory"/> (false for read-only installs).</summary>
    public static bool IsWritableDirectory(string directory)
    {
        if (Environment.GetEnvironmentVariable("SIP_ASSUME_READONLY_INSTALL") == "1" &&
            Path.GetFullPath(directory).TrimEnd('/') == Path.GetFullPath(AppContext.BaseDirectory).TrimEnd('/'))
            return false; // lets tests exercise the read-only path as root, whom permissions do not stop
        var probe = Path.Combine(directory, $".sip-write-probe.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe)) { }
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }
}

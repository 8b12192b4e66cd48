using System.Diagnostics;

namespace Sip.Platform;

/// <summary>
/// Builds the small C libraries sip's platform workarounds load (<see cref="MklCpuDispatchFix"/>,
/// <see cref="DeferredScalarRelease"/>) with the machine's C compiler, once, into sip's cache.
/// </summary>
internal static class NativeShim
{
    /// <summary>Compiles <paramref name="source"/> into the shared library <paramref name="output"/> unless it exists; false with the reason when no compiler is found or it fails.</summary>
    public static bool TryBuild(string source, string output, IReadOnlyList<string> linkArguments, out string why)
    {
        why = "";
        if (File.Exists(output)) return true;
        var compiler = new[] { "cc", "gcc", "clang" }.FirstOrDefault(OnPath);
        if (compiler is null) { why = "no C compiler (cc, gcc, clang) on PATH"; return false; }
        var directory = Path.GetDirectoryName(output)!;
        Directory.CreateDirectory(directory);
        var unique = $"{Environment.ProcessId}.{Guid.NewGuid():N}";
        var sourceFile = Path.Combine(directory, $"shim.{unique}.c");
        var temp = Path.Combine(directory, $".{Path.GetFileName(output)}.{unique}.tmp");
        try
        {
            File.WriteAllText(sourceFile, source);
            var start = new ProcessStartInfo(compiler, ["-shared", "-fPIC", "-O2", "-o", temp, sourceFile, .. linkArguments])
            { RedirectStandardError = true, RedirectStandardOutput = true };
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0) { why = $"{compiler} failed: {errors.Trim()}"; return false; }
            File.Move(temp, output, overwrite: true); // atomic: a parallel process sees the old file or the new one
            return true;
        }
        finally
        {
            File.Delete(sourceFile);
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));
}

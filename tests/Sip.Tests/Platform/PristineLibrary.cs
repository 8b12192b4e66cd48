namespace Sip.Tests.Platform;

/// <summary>The unpatched libLibTorchSharp.so as NuGet restored it (the build output's copy gets patched in place).</summary>
internal static class PristineLibrary
{
    public static string Path
    {
        get
        {
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p
                ? p
                : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var version = typeof(TorchSharp.torch).Assembly.GetName().Version!;
            var file = System.IO.Path.Combine(packages, "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}",
                "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
            Assert.True(File.Exists(file), $"expected the restored TorchSharp package at {file}");
            return file;
        }
    }

    public static string CopyTo(string directory)
    {
        Directory.CreateDirectory(directory);
        var target = System.IO.Path.Combine(directory, "libLibTorchSharp.so");
        File.Copy(Path, target, overwrite: true);
        return target;
    }
}

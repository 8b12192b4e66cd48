using Sip.Tests.Cli;

namespace Sip.Tests.Platform;

public sealed class ReadOnlyInstallTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sip-readonly-").FullName;
    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void FromAReadOnlyInstallWithAnUnpatchedLibrary_SipLoadsAPatchedCopyAndRuns()
    {
        // An install folder as a package manager would leave it: managed files copied, native libraries linked,
        // and the libLibTorchSharp.so exactly as NuGet ships it. Root ignores file permissions, so the read-only
        // state is declared through SIP_ASSUME_READONLY_INSTALL rather than chmod.
        var app = Path.Combine(_root, "app");
        Directory.CreateDirectory(app);
        foreach (var file in Directory.GetFiles(AppContext.BaseDirectory))
        {
            var name = Path.GetFileName(file);
            if (name.Contains(".so")) File.CreateSymbolicLink(Path.Combine(app, name), file);
            else File.Copy(file, Path.Combine(app, name));
        }
        File.Delete(Path.Combine(app, "libLibTorchSharp.so"));
        var library = PristineLibrary.CopyTo(app);

        var outcome = SipProcess.Run(["doctor"], app, new Dictionary<string, string>
        {
            ["SIP_ASSUME_READONLY_INSTALL"] = "1",
            ["SIP_CACHE_DIR"] = Path.Combine(_root, "cache"),
        });

        Assert.True(outcome.ExitCode == 0, outcome.All);
        Assert.Contains("PatchedCopy", outcome.StdOut);
        Assert.Contains("matmul check     : ok", outcome.StdOut);
        Assert.Equal(File.ReadAllBytes(PristineLibrary.Path), File.ReadAllBytes(library));
        Assert.False(Directory.Exists(Path.Combine(app, "cpu")), "TorchSharp's fallback must not have copied libraries into the install folder");
    }
}

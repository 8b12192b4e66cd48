using Sip.Platform;

namespace Sip.Tests.Platform;

public sealed class LibTorchSharpCompatTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sip-compat-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void WritableInstall_IsPatchedInPlace_LeavingNoTemporaryFiles()
    {
        var library = PristineLibrary.CopyTo(Path.Combine(_root, "app"));

        var result = LibTorchSharpCompat.Patch(library, installWritable: true, Path.Combine(_root, "cache"));

        Assert.Equal(LibTorchSharpCompat.Outcome.PatchedInPlace, result.Outcome);
        Assert.True(ElfVersionNeeds.ReadNeeds(File.ReadAllBytes(library)).Single(n => n.Version == LibTorchSharpCompat.MissingVersion).IsWeak);
        Assert.Equal(["libLibTorchSharp.so"], Directory.GetFiles(Path.Combine(_root, "app")).Select(Path.GetFileName));
        Assert.Equal(LibTorchSharpCompat.Outcome.AlreadyPatched, LibTorchSharpCompat.Patch(library, true, Path.Combine(_root, "cache")).Outcome);
    }

    [Fact]
    public void ReadOnlyInstall_GetsAPatchedCopyBesideLinksToItsSiblings_OriginalUntouched()
    {
        var app = Path.Combine(_root, "app");
        var library = PristineLibrary.CopyTo(app);
        File.WriteAllText(Path.Combine(app, "libtorch.so"), "stand-in sibling");

        var result = LibTorchSharpCompat.Patch(library, installWritable: false, Path.Combine(_root, "cache"));

        Assert.Equal(LibTorchSharpCompat.Outcome.PatchedCopy, result.Outcome);
        Assert.Equal(File.ReadAllBytes(PristineLibrary.Path), File.ReadAllBytes(library));
        Assert.True(ElfVersionNeeds.ReadNeeds(File.ReadAllBytes(result.LibraryPath!)).Single(n => n.Version == LibTorchSharpCompat.MissingVersion).IsWeak);
        var sibling = new FileInfo(Path.Combine(Path.GetDirectoryName(result.LibraryPath)!, "libtorch.so"));
        Assert.Equal(Path.Combine(app, "libtorch.so"), sibling.LinkTarget);
    }

    [Fact]
    public async Task ParallelPatchers_NeverLeaveAHalfWrittenLibrary()
    {
        var library = PristineLibrary.CopyTo(Path.Combine(_root, "app"));
        var readerSawBadFile = false;
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var bytes = File.ReadAllBytes(library);
                if (bytes.Length != new FileInfo(PristineLibrary.Path).Length) readerSawBadFile = true;
            }
        });

        Parallel.For(0, 8, _ => LibTorchSharpCompat.Patch(library, installWritable: true, Path.Combine(_root, "cache")));
        stop.Cancel();
        await reader;

        Assert.False(readerSawBadFile);
        Assert.True(ElfVersionNeeds.ReadNeeds(File.ReadAllBytes(library)).Single(n => n.Version == LibTorchSharpCompat.MissingVersion).IsWeak);
        Assert.Single(Directory.GetFiles(Path.Combine(_root, "app")));
    }

    [Fact]
    public void ThisProcess_LoadedTorchSharpThroughTheWorkaround()
    {
        var status = NativeRuntime.Status.LibTorchSharp;
        Assert.Contains(status.Outcome, new[]
        {
            LibTorchSharpCompat.Outcome.NotNeeded, LibTorchSharpCompat.Outcome.AlreadyPatched,
            LibTorchSharpCompat.Outcome.PatchedInPlace, LibTorchSharpCompat.Outcome.PatchedCopy,
        });
        using var x = TorchSharp.torch.ones(3);
        Assert.Equal(3f, x.sum().item<float>());
    }
}

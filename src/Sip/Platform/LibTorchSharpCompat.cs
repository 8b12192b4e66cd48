using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Sip.Platform;

/// <summary>
/// Platform workaround: TorchSharp 0.107's libLibTorchSharp.so was linked against GCC 13's libstdc++ and declares a
/// need for <c>GLIBCXX_3.4.32</c>; Debian 12 ships GCC 12's libstdc++ (up to 3.4.30), so ld.so refuses to load it and
/// TorchSharp reports a misleading "doesn't contain a reference to libtorch-cpu" error. The only symbol at that
/// version is <c>std::ios_base_library_init()</c>, which nothing relocates against, so marking the version need weak
/// lets ld.so load the library and everything works (measured in ../shared/stack.md).
///
/// Where the system libstdc++ already provides the version, nothing is done. Otherwise the library is patched in
/// place (temp file + rename, so a parallel process never sees half a file), or, when the install folder is read-only,
/// a patched copy is written to sip's cache and TorchSharp is pointed at it through a DllImport resolver.
/// </summary>
public static class LibTorchSharpCompat
{
    public const string LibraryFile = "libLibTorchSharp.so";
    public const string MissingVersion = "GLIBCXX_3.4.32";

    public enum Outcome { NotLinux, LibraryNotFound, NotNeeded, AlreadyPatched, PatchedInPlace, PatchedCopy }

    public sealed record Result(Outcome Outcome, string? LibraryPath, string Detail);

    /// <summary>
    /// Applies the workaround for the running process (called once by <see cref="NativeRuntime"/>), which then routes
    /// TorchSharp to <see cref="Result.LibraryPath"/> when it is a patched copy (<see cref="RouteTorchSharpTo"/>).
    /// </summary>
    public static Result Apply()
    {
        if (!OperatingSystem.IsLinux()) return new(Outcome.NotLinux, null, "not Linux");
        var library = FindLibrary(AppContext.BaseDirectory);
        if (library is null) return new(Outcome.LibraryNotFound, null, $"{LibraryFile} not found next to the application");
        if (SystemLibStdCxxVersions().Contains(MissingVersion))
            return new(Outcome.NotNeeded, library, $"the system libstdc++ provides {MissingVersion}");

        return Patch(library, SipPaths.IsWritableDirectory(Path.GetDirectoryName(library)!), SipPaths.CacheDirectory);
    }

    /// <summary>
    /// Makes <paramref name="library"/> loadable: in place when <paramref name="installWritable"/>, else as a patched
    /// copy under <paramref name="cacheDirectory"/> whose folder links to the library's siblings (libtorch.so and
    /// friends), so its <c>$ORIGIN</c> run path still finds them.
    /// </summary>
    public static Result Patch(string library, bool installWritable, string cacheDirectory)
    {
        var bytes = File.ReadAllBytes(library);
        if (ElfVersionNeeds.MarkWeak(bytes, MissingVersion) == 0)
            return new(Outcome.AlreadyPatched, library, $"{MissingVersion} already weak or not needed");

        if (installWritable)
        {
            SipPaths.WriteAtomically(library, bytes);
            return new(Outcome.PatchedInPlace, library, $"marked {MissingVersion} weak in place");
        }

        var copyDirectory = Path.Combine(cacheDirectory, "native", "libtorchsharp-" + Convert.ToHexString(SHA256.HashData(bytes))[..16]);
        Directory.CreateDirectory(copyDirectory);
        LinkSiblings(Path.GetDirectoryName(library)!, copyDirectory);
        var copy = Path.Combine(copyDirectory, LibraryFile);
        if (!File.Exists(copy) || !File.ReadAllBytes(copy).AsSpan().SequenceEqual(bytes))
            SipPaths.WriteAtomically(copy, bytes);
        return new(Outcome.PatchedCopy, copy, $"install folder is read-only; loading a patched copy from {copyDirectory}");
    }

    /// <summary>The library TorchSharp would load: next to the application, or in its runtimes folder.</summary>
    public static string? FindLibrary(string baseDirectory) =>
        new[]
        {
            Path.Combine(baseDirectory, LibraryFile),
            Path.Combine(baseDirectory, "runtimes", "linux-x64", "native", LibraryFile),
        }.FirstOrDefault(File.Exists);

    /// <summary>Version names defined by the libstdc++ this process will bind to.</summary>
    public static IReadOnlySet<string> SystemLibStdCxxVersions()
    {
        var path = LoadedLibStdCxx() ?? new[]
        {
            "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        }.FirstOrDefault(File.Exists);
        if (path is null) return new HashSet<string>();
        try { return ElfVersionNeeds.ReadDefinitions(File.ReadAllBytes(path)).ToHashSet(); }
        catch (InvalidDataException) { return new HashSet<string>(); }
    }

    private static string? LoadedLibStdCxx() => NativeMethods.MappedLibrary("libstdc++.so");

    private static void LinkSiblings(string installDirectory, string copyDirectory)
    {
        foreach (var sibling in Directory.EnumerateFiles(installDirectory, "*.so*"))
        {
            var name = Path.GetFileName(sibling);
            if (name == LibraryFile) continue;
            var link = Path.Combine(copyDirectory, name);
            if (File.Exists(link) || Directory.Exists(link)) continue;
            try { File.CreateSymbolicLink(link, sibling); }
            catch (IOException) when (File.Exists(link)) { } // a parallel process made it first
        }
    }

    /// <summary>
    /// Points TorchSharp at <paramref name="library"/>, a loaded library's handle (a patched copy, or a shim in front of
    /// the library). TorchSharp loads its native library twice over: explicitly by name (NativeLibrary.TryLoad, which
    /// falls back to the ResolvingUnmanagedDll event once its own probing fails) and through DllImport (which asks the
    /// assembly's resolver first). Both must land on it. Once per process: an assembly takes one resolver.
    /// </summary>
    public static void RouteTorchSharpTo(IntPtr library)
    {
        static bool IsOurs(string name) => name is "LibTorchSharp" or "libLibTorchSharp" or LibraryFile;
        var torchSharp = typeof(TorchSharp.torch).Assembly;
        NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) => IsOurs(name) ? library : IntPtr.Zero);
        System.Runtime.Loader.AssemblyLoadContext.Default.ResolvingUnmanagedDll += (assembly, name) =>
            assembly == torchSharp && IsOurs(name) ? library : IntPtr.Zero;
    }
}

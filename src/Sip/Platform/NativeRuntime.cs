using System.Runtime.CompilerServices;

namespace Sip.Platform;

/// <summary>
/// Prepares the process for libtorch before its first use: OpenMP's bounded spin and the MKL CPU-dispatch shim
/// (both must precede libtorch's load), the libstdc++ version workaround for libLibTorchSharp.so, the deferred release
/// of TorchSharp's scalars (<see cref="DeferredScalarRelease"/>) and glibc's retention of freed buffers
/// (<see cref="MallocRetention"/>). Idempotent and thread-safe; runs from this
/// assembly's module initializer, so every entry point (CLI, tests, a user's program) gets it without asking.
/// </summary>
public static class NativeRuntime
{
    private static readonly Lock Gate = new();
    private static NativeStatus? _status;

    /// <summary>What was done, for <c>sip doctor</c> and <c>sip bench</c> to report.</summary>
    public sealed record NativeStatus(MklCpuDispatchFix.Result Mkl, LibTorchSharpCompat.Result LibTorchSharp, OpenMpWaitPolicy.Result OpenMp, MallocRetention.Result Malloc,
        MklDeterminism.Result MklThreads, DeferredScalarRelease.Result Scalars);

    public static NativeStatus EnsureInitialized()
    {
        lock (Gate)
        {
            if (_status is not null) return _status;
            var openMp = OpenMpWaitPolicy.Apply();
            var mklThreads = MklDeterminism.Describe();
            var malloc = MallocRetention.Apply();
            var mkl = MklCpuDispatchFix.Apply();
            if (mkl.Outcome is MklCpuDispatchFix.Outcome.NoCompiler or MklCpuDispatchFix.Outcome.TooLate or MklCpuDispatchFix.Outcome.Failed)
                Console.Error.WriteLine($"sip: note: {mkl.Detail}");
            LibTorchSharpCompat.Result torch;
            try
            {
                torch = LibTorchSharpCompat.Apply();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                torch = new(LibTorchSharpCompat.Outcome.LibraryNotFound, null, $"could not prepare {LibTorchSharpCompat.LibraryFile}: {e.Message}");
                Console.Error.WriteLine($"sip: warning: {torch.Detail}");
            }
            // The scalar shim stands in front of the library TorchSharp will bind to (a patched copy where the install
            // is read-only); TorchSharp is routed to the shim, or else to that copy.
            var scalars = DeferredScalarRelease.Prepare(torch.LibraryPath);
            if (scalars.Outcome is DeferredScalarRelease.Outcome.NoCompiler or DeferredScalarRelease.Outcome.Failed)
                Console.Error.WriteLine($"sip: warning: {scalars.Detail}");
            if (scalars.Handle != 0) LibTorchSharpCompat.RouteTorchSharpTo(scalars.Handle);
            else if (torch.Outcome == LibTorchSharpCompat.Outcome.PatchedCopy) LibTorchSharpCompat.RouteTorchSharpTo(System.Runtime.InteropServices.NativeLibrary.Load(torch.LibraryPath!));
            return _status = new NativeStatus(mkl, torch, openMp, malloc, mklThreads, scalars);
        }
    }

    public static NativeStatus Status => EnsureInitialized();

#pragma warning disable CA2255 // A library module initializer is the point: libtorch must be prepared before any caller touches it.
    [ModuleInitializer]
    internal static void InitializeOnLoad() => EnsureInitialized();
#pragma warning restore CA2255
}

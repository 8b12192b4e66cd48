using static TorchSharp.torch;

namespace Sip.Platform;

/// <summary>
/// Sets how many intra-op threads the calling thread's libtorch operations use, leaving every other thread's alone.
/// <c>torch.set_num_threads</c> cannot do that: besides the calling thread's OpenMP and MKL counts it writes the
/// process-wide default that new threads copy, and it clears oneDNN's primitive cache. Switching the training thread
/// to one thread and back for each decode made the next update 20–30 ms slower (measured on the SIP step bench). So
/// this calls OpenMP's and MKL's thread-local setters directly, from the libraries libtorch loaded.
/// </summary>
internal static unsafe class ThreadIntraOp
{
    private static readonly Lazy<(IntPtr Omp, IntPtr Mkl)> Setters = new(() =>
    {
        get_num_threads(); // loads libtorch (and with it libgomp) if nothing has yet
        var omp = NativeMethods.LoadedSymbol(NativeMethods.MappedLibrary("libgomp"), "omp_set_num_threads");
        var mkl = NativeMethods.LoadedSymbol(NativeMethods.MappedLibrary("libtorch_cpu.so"), "MKL_Set_Num_Threads_Local"); // the C entry point; the lower-case name is the Fortran one, which takes a pointer
        return (omp, mkl);
    });

    /// <summary>Whether this libtorch build exposes both setters (Linux builds with OpenMP and MKL do).</summary>
    public static bool Available => OperatingSystem.IsLinux() && Setters.Value is { Omp: not 0, Mkl: not 0 };

    /// <summary>Makes the calling thread's libtorch operations use <paramref name="threads"/> threads.</summary>
    public static void Set(int threads)
    {
        if (!Available) throw new PlatformNotSupportedException("libtorch's OpenMP/MKL thread setters were not found");
        // libtorch initialises a thread's counts lazily, on its first parallel operation, from the process default;
        // run that first so that it cannot overwrite what is set here.
        get_num_threads();
        ((delegate* unmanaged<int, void>)Setters.Value.Omp)(threads);
        ((delegate* unmanaged<int, int>)Setters.Value.Mkl)(threads);
    }
}

using static TorchSharp.torch;

namespace Sip.Platform;

/// <summary>
/// Sets how many intra-op threads the calling thread's libtorch operations use, leaving every other thread's alone.
/// <c>torch.set_num_threads</c> cannot do that: besides the calling thread's OpenMP and MKL counts it writes the
/// process-wide default that new threads copy, and it clears oneDNN's primitive cache. Switching the training thread
/// to one thread and back for each decode made the next update 20–30 ms slower (measured on the SIP step bench). So
/// this calls OpenMP's and MKL's thread-local setters directly, looked up through libtorch's own library, so that
/// they are the ones libtorch uses: a process may hold a second OpenMP runtime (LLamaSharp's ggml links the system
/// libgomp), whose setter would change nothing libtorch reads.
/// </summary>
public static unsafe class ThreadIntraOp
{
    private static readonly Lazy<(IntPtr Omp, IntPtr Mkl, bool Works)> Setters = new(Probe);

    /// <summary>Finds the setters libtorch uses and checks, on a scratch thread, that they work.</summary>
    internal static (IntPtr Omp, IntPtr Mkl, bool Works) Probe()
    {
        if (!OperatingSystem.IsLinux()) return (0, 0, false);
        get_num_threads(); // loads libtorch if nothing has yet
        // A lookup through libtorch_cpu's handle searches it and then its own dependencies, in their order: its
        // bundled libgomp, whatever else the process has mapped.
        var libtorch = NativeMethods.MappedLibrary("libtorch_cpu.so");
        var omp = NativeMethods.LoadedSymbol(libtorch, "omp_set_num_threads");
        var mkl = NativeMethods.LoadedSymbol(libtorch, "MKL_Set_Num_Threads_Local"); // the C entry point; the lower-case name is the Fortran one, which takes a pointer
        if (omp == 0 || mkl == 0) return (omp, mkl, false);
        // Check on a scratch thread that the setters are the ones libtorch reads.
        bool works = false;
        var probe = new Thread(() =>
        {
            Apply(omp, mkl, 1);
            works = get_num_threads() == 1;
        });
        probe.Start();
        probe.Join();
        return (omp, mkl, works);
    }

    /// <summary>Whether the calling thread's count can be set alone (Linux builds of libtorch with OpenMP and MKL).</summary>
    public static bool Available => Setters.Value.Works;

    /// <summary>One line for <c>sip doctor</c>: whether rollouts can be decoded on several threads at once.</summary>
    public static string Describe() => Available
        ? "OpenMP's and MKL's per-thread setters work: small models decode their rollouts split across threads"
        : "no working per-thread setters in this libtorch build: rollouts decode on libtorch's own threads only";

    /// <summary>Makes the calling thread's libtorch operations use <paramref name="threads"/> threads.</summary>
    public static void Set(int threads)
    {
        if (!Available) throw new PlatformNotSupportedException("libtorch's OpenMP/MKL per-thread setters were not found or do not work");
        Apply(Setters.Value.Omp, Setters.Value.Mkl, threads);
    }

    private static void Apply(IntPtr omp, IntPtr mkl, int threads)
    {
        // libtorch initialises a thread's counts lazily, on its first parallel operation, from the process default
        // (with torch.set_num_threads, once per thread, oneDNN's cache cleared included); run that first so that it
        // cannot overwrite what is set here.
        get_num_threads();
        ((delegate* unmanaged<int, void>)omp)(threads);
        ((delegate* unmanaged<int, int>)mkl)(threads);
    }
}

using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Sip.Platform;

/// <summary>
/// Platform workaround: TorchSharp 0.107 hands every number an operation takes to libtorch as a native c10::Scalar owned
/// by a managed <see cref="TorchSharp.Scalar"/> whose finalizer frees it, and most of its operators make one the caller
/// never sees and never dispose: <c>x + 1e-5</c>, <c>x.square()</c>, even <c>a + b</c>, whose alpha is the Scalar 1.
/// Once its handle is read that object is garbage, so a collection during the native call (another thread allocating
/// is enough) lets the finalizer thread free the scalar while libtorch still reads it. libtorch then asserts
/// (<c>false INTERNAL ASSERT FAILED at c10/core/Scalar.h:279</c>) and the process dies, or, where the memory was
/// already reused, computes with another number. Measured on the 2-core machine: of 500 forward passes of a small
/// Llama while another thread forced collections, 8 died of that assert; a four-seed <c>sip reproduce</c> died of it
/// in its fourth training run.
///
/// The fix defers the release instead of racing it. A shim library exports <c>THSTorch_dispose_scalar</c>, keeps the
/// last <see cref="Kept"/> scalars released (8 MB at most) and frees the oldest as each new one arrives, long after any
/// operation that read it has returned (an operation reads its scalars as it starts). Every other symbol resolves
/// through the shim to libLibTorchSharp.so itself, its DT_NEEDED dependency, and TorchSharp's DllImports are routed to
/// the shim. Built once with the machine's C compiler, like <see cref="MklCpuDispatchFix"/>; without one sip runs
/// unprotected and says so. <c>SIP_SCALAR_FIX=0</c> disables it.
/// </summary>
public static class DeferredScalarRelease
{
    public const string Symbol = "THSTorch_dispose_scalar";

    /// <summary>Released scalars kept alive: 2^18 of 32 bytes each, 8 MB, plus the 2 MB ring that holds them.</summary>
    public const int Kept = 1 << 18;

    private const string ShimFile = "libsip_scalar_release.so";

    private static readonly string Source = $$"""
        /* sip: frees a scalar TorchSharp releases only once {{Kept}} later ones have been released (DeferredScalarRelease.cs). */
        #include <pthread.h>
        #include <stddef.h>
        #define KEPT {{Kept}}
        static void (*release)(void *);
        static void *kept[KEPT];
        static size_t next;
        static unsigned long long released;
        static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
        void sip_scalar_release_init(void (*real)(void *)) { release = real; }
        unsigned long long sip_scalar_release_count(void) { return released; }
        void THSTorch_dispose_scalar(void *scalar)
        {
            void *oldest;
            if (scalar == NULL) return;
            pthread_mutex_lock(&gate);
            oldest = kept[next];
            kept[next] = scalar;
            next = (next + 1) % KEPT;
            released++;
            pthread_mutex_unlock(&gate);
            if (oldest != NULL) release(oldest);
        }
        """;

    public enum Outcome { NotLinux, Disabled, LibraryNotFound, TooLate, NoCompiler, Failed, Applied }

    /// <param name="Outcome">what was done</param>
    /// <param name="Detail">why, in a sentence, for <c>sip doctor</c></param>
    /// <param name="Handle">the shim's handle, to route TorchSharp's DllImports to; zero unless applied</param>
    public sealed record Result(Outcome Outcome, string Detail, IntPtr Handle);

    private static IntPtr _count;

    /// <summary>Scalars released through the shim so far (0 when it is not applied).</summary>
    public static unsafe long Released => _count == 0 ? 0 : (long)((delegate* unmanaged<ulong>)_count)();

    /// <summary>
    /// Builds and loads the shim in front of <paramref name="library"/>, the libLibTorchSharp.so TorchSharp will bind
    /// to; the caller routes TorchSharp's DllImports to <see cref="Result.Handle"/>. Must run before TorchSharp's
    /// first call into that library.
    /// </summary>
    public static unsafe Result Prepare(string? library)
    {
        if (!OperatingSystem.IsLinux()) return new(Outcome.NotLinux, "not Linux", 0);
        if (Environment.GetEnvironmentVariable("SIP_SCALAR_FIX") == "0") return new(Outcome.Disabled, "disabled by SIP_SCALAR_FIX=0: TorchSharp's scalars are freed by the garbage collector's finalizer, which can race the operation using them", 0);
        if (library is null) return new(Outcome.LibraryNotFound, $"{LibTorchSharpCompat.LibraryFile} not found", 0);
        if (NativeMethods.LoadedSymbol(library, Symbol) != 0)
            return new(Outcome.TooLate, $"{LibTorchSharpCompat.LibraryFile} was loaded before sip could put the scalar shim in front of it", 0);

        string directory = Path.GetDirectoryName(Path.GetFullPath(library))!;
        string key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Source + "\n" + directory)))[..16];
        var shim = Path.Combine(SipPaths.CacheDirectory, "native", "scalar-release-" + key, ShimFile);
        string[] link = ["-Wl,--no-as-needed", "-L" + directory, "-l:" + LibTorchSharpCompat.LibraryFile, "-Wl,-rpath," + directory, "-lpthread"];
        if (!NativeShim.TryBuild(Source, shim, link, out var why))
            return new(Outcome.NoCompiler, $"no scalar shim ({why}); a collection during a libtorch call can still free a scalar the call reads", 0);

        // The library first, from its own path, so that the shim's dependency is this very object.
        var real = NativeMethods.dlopen(library, NativeMethods.RtldNow);
        var handle = real == 0 ? 0 : NativeMethods.dlopen(shim, NativeMethods.RtldNow);
        if (handle == 0) return new(Outcome.Failed, $"dlopen failed: {Marshal.PtrToStringAnsi(NativeMethods.dlerror())}", 0);
        IntPtr release = NativeMethods.dlsym(real, Symbol), init = NativeMethods.dlsym(handle, "sip_scalar_release_init");
        IntPtr routed = NativeMethods.dlsym(handle, Symbol), other = NativeMethods.dlsym(handle, "THSTensor_add");
        if (release == 0 || init == 0 || routed == 0 || routed == release || other != NativeMethods.dlsym(real, "THSTensor_add"))
            return new(Outcome.Failed, $"the shim at {shim} does not stand in front of {library} as it should", 0);
        ((delegate* unmanaged<IntPtr, void>)init)(release);
        _count = NativeMethods.dlsym(handle, "sip_scalar_release_count");
        return new(Outcome.Applied, $"TorchSharp's released scalars are freed {Kept} releases later, by {shim}", handle);
    }
}

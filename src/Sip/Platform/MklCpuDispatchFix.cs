using System.Runtime.InteropServices;

namespace Sip.Platform;

/// <summary>
/// Platform workaround: libtorch's bundled MKL checks for an Intel CPU and, on AMD, takes a generic path that runs
/// fp32 matmul at half speed (195 vs 350-465 GFLOP/s on 2 Zen 5 cores; ../shared/stack.md). MKL asks the answer of an
/// interposable function, <c>mkl_serv_intel_cpu_true</c>. A one-line shared library that exports it returning 1,
/// loaded with RTLD_GLOBAL before libtorch, wins the symbol binding, and MKL takes its AVX-512 kernels. Results stay
/// correct: the kernels are the ones Intel CPUs run.
///
/// The shim is compiled once with the machine's C compiler into sip's cache. Without a compiler, sip runs without
/// the fix and says so once. <c>SIP_MKL_FIX=0</c> disables it; <c>SIP_MKL_FIX=1</c> applies it on any vendor.
/// </summary>
public static class MklCpuDispatchFix
{
    public const string ShimSymbol = "mkl_serv_intel_cpu_true";
    private const string ShimSource = "/* sip: tells MKL the CPU may use its AVX-512 kernels. */\nint mkl_serv_intel_cpu_true(void) { return 1; }\n";
    private const string ShimFile = "libsip_mkl_intel_cpu.so";

    public enum Outcome { NotLinux, NotNeeded, Disabled, NoCompiler, TooLate, Applied, Failed }

    public sealed record Result(Outcome Outcome, string Detail);

    /// <summary>Whether this CPU needs the fix: only non-Intel x86 CPUs (MKL already trusts Intel ones).</summary>
    public static bool IsNeeded(string? cpuVendor, string? setting) => setting switch
    {
        "0" => false,
        "1" => true,
        _ => cpuVendor is not null && cpuVendor != "GenuineIntel" && RuntimeInformation.ProcessArchitecture == Architecture.X64,
    };

    public static Result Apply()
    {
        if (!OperatingSystem.IsLinux()) return new(Outcome.NotLinux, "not Linux");
        var setting = Environment.GetEnvironmentVariable("SIP_MKL_FIX");
        if (setting == "0") return new(Outcome.Disabled, "disabled by SIP_MKL_FIX=0");
        var vendor = CpuVendor();
        if (!IsNeeded(vendor, setting)) return new(Outcome.NotNeeded, $"CPU vendor {vendor ?? "unknown"}: MKL needs no help");
        if (IsMapped("libtorch_cpu.so"))
            return new(Outcome.TooLate, "libtorch was loaded before sip could install the MKL shim; fp32 matmul runs on MKL's slow path");

        var shim = Path.Combine(SipPaths.CacheDirectory, "native", "mkl-shim-v1", ShimFile);
        if (!NativeShim.TryBuild(ShimSource, shim, [], out var why))
            return new(Outcome.NoCompiler, $"no MKL shim ({why}); fp32 matmul runs on MKL's slow path on this {vendor} CPU");

        var handle = NativeMethods.dlopen(shim, NativeMethods.RtldNow | NativeMethods.RtldGlobal);
        if (handle == IntPtr.Zero)
            return new(Outcome.Failed, $"dlopen({shim}) failed: {Marshal.PtrToStringAnsi(NativeMethods.dlerror())}");
        return new(Outcome.Applied, $"MKL shim loaded from {shim} ({vendor} CPU)");
    }

    /// <summary>The path of the library that currently provides <see cref="ShimSymbol"/> to the process, if any.</summary>
    public static string? ShimProvider()
    {
        var symbol = NativeMethods.dlsym(IntPtr.Zero /* RTLD_DEFAULT */, ShimSymbol);
        if (symbol == IntPtr.Zero) return null;
        return NativeMethods.dladdr(symbol, out var info) != 0 ? Marshal.PtrToStringAnsi(info.dli_fname) : null;
    }

    internal static string? CpuVendor()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("vendor_id"))?.Split(':', 2)[1].Trim();
        }
        catch (IOException) { return null; }
    }

    internal static bool IsMapped(string fileName) => NativeMethods.MappedFiles().Any(p => Path.GetFileName(p) == fileName);
}

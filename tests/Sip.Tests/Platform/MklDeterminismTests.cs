using System.Runtime.InteropServices;
using Sip.Platform;

namespace Sip.Tests.Platform;

public class MklDeterminismTests
{
    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr NativeGetenv(string name);

    [Fact]
    public void MklsThreadingMode_IsReported_AsTheUserLeftIt()
    {
        var native = Marshal.PtrToStringAnsi(NativeGetenv(MklDeterminism.Variable));
        var status = NativeRuntime.Status.MklThreads;
        Assert.Equal(native?.Trim().ToUpperInvariant() is "FALSE" or "0" ? MklDeterminism.Outcome.Fixed : MklDeterminism.Outcome.Dynamic, status.Outcome);
    }
}

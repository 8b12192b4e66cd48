using System.Runtime.InteropServices;
using Sip.Platform;

namespace Sip.Tests.Platform;

public class MklDeterminismTests
{
    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr NativeGetenv(string name);

    [Fact]
    public void BeforeLibtorchLoads_MklsFixedThreadingIsInTheNativeEnvironment_UnlessTheUserChose()
    {
        var status = NativeRuntime.Status.MklThreads;
        var native = Marshal.PtrToStringAnsi(NativeGetenv(MklDeterminism.Variable));
        if (status.Outcome == MklDeterminism.Outcome.Set) Assert.Equal(MklDeterminism.Value, native);
        else Assert.Equal(MklDeterminism.Outcome.UserChoice, status.Outcome);
        Assert.Equal(native, Environment.GetEnvironmentVariable(MklDeterminism.Variable));
    }
}

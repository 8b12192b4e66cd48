using System.Runtime.InteropServices;
using Sip.Platform;

namespace Sip.Tests.Platform;

public class OpenMpWaitPolicyTests
{
    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr NativeGetenv(string name);

    [Fact]
    public void BeforeLibtorchLoads_TheBoundedSpinIsInTheNativeEnvironment_UnlessTheUserChoseAPolicy()
    {
        var status = NativeRuntime.Status.OpenMp;
        var native = Marshal.PtrToStringAnsi(NativeGetenv(OpenMpWaitPolicy.Variable));
        if (status.Outcome == OpenMpWaitPolicy.Outcome.Set) Assert.Equal(OpenMpWaitPolicy.Value, native);
        else Assert.Equal(OpenMpWaitPolicy.Outcome.UserChoice, status.Outcome);
        Assert.Equal(native, Environment.GetEnvironmentVariable(OpenMpWaitPolicy.Variable));
    }
}

using Sip.Platform;
using static TorchSharp.torch;

namespace Sip.Tests.Platform;

public class MklCpuDispatchFixTests
{
    [Theory]
    [InlineData("AuthenticAMD", null, true)]
    [InlineData("GenuineIntel", null, false)]
    [InlineData("GenuineIntel", "1", true)]
    [InlineData("AuthenticAMD", "0", false)]
    [InlineData(null, null, false)]
    public void IsNeeded_OnlyForNonIntelCpus_UnlessOverridden(string? vendor, string? setting, bool expected) =>
        Assert.Equal(expected, MklCpuDispatchFix.IsNeeded(vendor, setting));

    [Fact]
    public void OnThisMachine_TheShimProvidesTheSymbolExactlyWhenNeeded()
    {
        var outcome = NativeRuntime.Status.Mkl.Outcome;
        var needed = MklCpuDispatchFix.IsNeeded(MklCpuDispatchFix.CpuVendor(), Environment.GetEnvironmentVariable("SIP_MKL_FIX"));
        if (needed && outcome == MklCpuDispatchFix.Outcome.Applied)
            Assert.EndsWith("libsip_mkl_intel_cpu.so", MklCpuDispatchFix.ShimProvider());
        else
            Assert.NotEqual(MklCpuDispatchFix.Outcome.Applied, outcome);
    }

    [Fact]
    public void Fp32Matmul_StaysAccurate_WithTheFastKernels()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var a = randn(512, 512, dtype: float64);
        var b = randn(512, 512, dtype: float64);
        var exact = a.matmul(b);
        var fast = a.to(float32).matmul(b.to(float32)).to(float64);
        var relative = ((fast - exact).norm() / exact.norm()).item<double>();
        Assert.True(relative < 1e-5, $"fp32 matmul relative error {relative}");
    }
}

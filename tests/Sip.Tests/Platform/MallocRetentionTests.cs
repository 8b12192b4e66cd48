using Sip.Platform;

namespace Sip.Tests.Platform;

public class MallocRetentionTests
{
    private static (MallocRetention.Result Result, List<(int Parameter, int Value)> Calls) Run(Dictionary<string, string> environment, int answer = 1)
    {
        var calls = new List<(int, int)>();
        var result = MallocRetention.Apply(name => environment.GetValueOrDefault(name), (p, v) => { calls.Add((p, v)); return answer; });
        return (result, calls);
    }

    [Fact]
    public void ByDefault_RaisesGlibcsMmapAndTrimThresholds()
    {
        var (result, calls) = Run([]);
        Assert.Equal(MallocRetention.Outcome.Applied, result.Outcome);
        Assert.Equal([(-3, 32 * 1024 * 1024), (-1, 1024 * 1024 * 1024)], calls); // M_MMAP_THRESHOLD, M_TRIM_THRESHOLD
    }

    [Theory]
    [InlineData("MALLOC_MMAP_THRESHOLD_")]
    [InlineData("MALLOC_TRIM_THRESHOLD_")]
    public void AUsersOwnGlibcSetting_IsLeftAlone(string variable)
    {
        var (result, calls) = Run(new() { [variable] = "131072" });
        Assert.Equal(MallocRetention.Outcome.UserChoice, result.Outcome);
        Assert.Empty(calls);
    }

    [Fact]
    public void ItCanBeSwitchedOff_AndARefusingCLibraryIsReported()
    {
        Assert.Equal(MallocRetention.Outcome.Off, Run(new() { [MallocRetention.SwitchVariable] = "0" }).Result.Outcome);
        Assert.Equal(MallocRetention.Outcome.NotGlibc, Run([], answer: 0).Result.Outcome);
    }

    [Fact]
    public void ThisProcess_HasItApplied_ByTheLibrarysModuleInitializer()
    {
        var status = NativeRuntime.Status.Malloc;
        if (MallocRetention.UserVariables.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v))))
            Assert.Equal(MallocRetention.Outcome.UserChoice, status.Outcome);
        else if (Environment.GetEnvironmentVariable(MallocRetention.SwitchVariable) != "0")
            Assert.Equal(MallocRetention.Outcome.Applied, status.Outcome);
    }
}

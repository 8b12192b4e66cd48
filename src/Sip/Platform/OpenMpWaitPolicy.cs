using System.Runtime.InteropServices;

namespace Sip.Platform;

/// <summary>
/// Makes libtorch's OpenMP threads sleep instead of spin while they wait for work (<c>OMP_WAIT_POLICY=PASSIVE</c>),
/// unless the user chose a policy. With the default (spinning), a 2-core machine shared with any other busy process
/// stalls at every parallel region until the descheduled spinner runs again: measured here, a small model's training
/// step took 1.9 s spinning and 0.08 s passive under a load of 4; on an idle machine the two are within noise.
/// libgomp reads the variable once, when libtorch loads it, so this must run first; it sets the process's native
/// environment (where libgomp looks), not only .NET's copy of it.
/// </summary>
public static class OpenMpWaitPolicy
{
    public const string Variable = "OMP_WAIT_POLICY";

    public enum Outcome { Set, UserChoice, TooLate, NotLinux }

    public sealed record Result(Outcome Outcome, string Detail);

    public static Result Apply()
    {
        if (!OperatingSystem.IsLinux()) return new(Outcome.NotLinux, "not Linux");
        var existing = Marshal.PtrToStringAnsi(NativeMethods.getenv(Variable));
        if (!string.IsNullOrEmpty(existing)) return new(Outcome.UserChoice, $"{Variable}={existing} (set by the user)");
        if (MklCpuDispatchFix.IsMapped("libtorch_cpu.so")) return new(Outcome.TooLate, "libtorch was loaded first; OpenMP threads spin while waiting");
        NativeMethods.setenv(Variable, "PASSIVE", 0);
        Environment.SetEnvironmentVariable(Variable, "PASSIVE"); // keep .NET's view (and child processes) consistent
        return new(Outcome.Set, $"{Variable}=PASSIVE: idle OpenMP threads sleep, so a shared machine does not stall training");
    }
}

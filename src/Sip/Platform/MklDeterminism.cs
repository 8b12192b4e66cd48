namespace Sip.Platform;

/// <summary>
/// Turns off MKL's dynamic threading (<c>MKL_DYNAMIC=FALSE</c>) unless the user set <c>MKL_DYNAMIC</c>, so that MKL
/// splits a matrix product over the same threads at every call instead of choosing at run time, the one
/// runtime-dependent choice found behind a rare last-bit drift between runs of one command. Measured on the 2-core
/// machine with one <c>sip train</c> command (DPO, 6 steps, same seed): 1 of 40 runs drifted in the 7th digit from
/// step 1 by default (the policy and its exact frozen copy disagreed), 0 of 24 with this setting; the counts are
/// consistent with this cause, not proof of it (docs/reproduction.md). MKL reads the variable when it starts, so this
/// must run before libtorch loads; it sets the process's native environment, not only .NET's copy.
/// </summary>
public static class MklDeterminism
{
    public const string Variable = "MKL_DYNAMIC";
    public const string Value = "FALSE";

    public enum Outcome { Set, UserChoice, TooLate, NotLinux }

    public sealed record Result(Outcome Outcome, string Detail);

    public static Result Apply()
    {
        if (!OperatingSystem.IsLinux()) return new(Outcome.NotLinux, "not Linux");
        var existing = NativeMethods.GetNativeEnvironment(Variable);
        if (!string.IsNullOrEmpty(existing)) return new(Outcome.UserChoice, $"{Variable}={existing} (set by the user)");
        if (MklCpuDispatchFix.IsMapped("libtorch_cpu.so")) return new(Outcome.TooLate, "libtorch was loaded first; MKL threads dynamically, so runs may differ in the last bits");
        NativeMethods.setenv(Variable, Value, 0);
        Environment.SetEnvironmentVariable(Variable, Value);
        return new(Outcome.Set, $"{Variable}={Value}: every matrix product splits over the same threads at every call");
    }
}

namespace Sip.Platform;

/// <summary>
/// Turns off MKL's dynamic threading (<c>MKL_DYNAMIC=FALSE</c>) unless the user set <c>MKL_DYNAMIC</c>, so that a
/// matrix product always splits its work over the same threads and rounds the same way, and runs of one command give
/// the same numbers to the bit. With MKL's default (dynamic), MKL picks how many threads a product uses at each call;
/// while another thread of the process computes (a SIP run with overlap decodes the next batch's rollouts during the
/// update), it sometimes picks fewer. Measured on the 2-core machine, 12 runs each of one <c>sip train</c> command (DPO,
/// 6 steps, same seed): 1 of 8 runs differed in the 7th digit from step 1 on by default (its step-1 KL to the frozen
/// reference was −1.2e-7 instead of 0: the policy and its exact copy disagreed), 0 of 12 with overlap off, and 0 of 12
/// with <c>MKL_DYNAMIC=FALSE</c>. MKL reads the variable when it starts, so this must run before libtorch loads; it sets
/// the process's native environment, not only .NET's copy.
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
        return new(Outcome.Set, $"{Variable}={Value}: every matrix product splits over the same threads, so runs repeat to the bit");
    }
}

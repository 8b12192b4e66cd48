namespace Sip.Platform;

/// <summary>
/// Reports MKL's threading mode, which sip leaves to the user. With MKL's default (<c>MKL_DYNAMIC</c> true) MKL chooses
/// at each call how many threads a matrix product uses; <c>MKL_DYNAMIC=FALSE</c> makes it split every product over the
/// same threads. That is the suspect behind a rare last-bit drift between runs of one command (measured on the 2-core
/// machine with one <c>sip train</c> command, DPO, 6 steps, same seed: 1 of 40 runs drifted by default, 0 of 24 with
/// FALSE; consistent with the cause, not proof of it; docs/reproduction.md). It is not the default because it makes
/// small products slow: the training tests (tiny models) took 5 min 28 s with FALSE against 32 s by default, while the
/// SIP step bench (d = 128) showed no difference.
/// </summary>
public static class MklDeterminism
{
    public const string Variable = "MKL_DYNAMIC";

    public enum Outcome { Dynamic, Fixed, NotLinux }

    public sealed record Result(Outcome Outcome, string Detail);

    public static Result Describe()
    {
        if (!OperatingSystem.IsLinux()) return new(Outcome.NotLinux, "not Linux");
        var value = NativeMethods.GetNativeEnvironment(Variable);
        return string.Equals(value?.Trim(), "FALSE", StringComparison.OrdinalIgnoreCase) || value?.Trim() == "0"
            ? new(Outcome.Fixed, $"{Variable}={value}: every product splits over the same threads (small products are slower)")
            : new(Outcome.Dynamic, "MKL picks each product's threads at run time (its default); MKL_DYNAMIC=FALSE fixes them, at a cost on small models");
    }
}

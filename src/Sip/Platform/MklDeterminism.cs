namespace Sip.Platform;

/// <summary>
/// Reports MKL's threading mode, which sip leaves to the user. With MKL's default (<c>MKL_DYNAMIC</c> true) MKL chooses
/// at each call how many threads a matrix product uses; <c>MKL_DYNAMIC=FALSE</c> makes it split every product over the
/// same threads. It was the first suspect behind a last-bit drift between runs of one float32 command, and is not the
/// cause: the drift persists with FALSE (1 of 20 runs, against 6 of 40 by default), while it vanished with one intra-op
/// thread (0 of 20) and without <see cref="MklCpuDispatchFix"/> (0 of 24; docs/reproduction.md, "Same command, same
/// numbers"). FALSE also makes small products slow (the training tests took 5 min 28 s with it against 32 s), so
/// sip does not set it.
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

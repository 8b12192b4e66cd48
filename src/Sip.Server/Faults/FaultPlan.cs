namespace Sip.Server.Faults;

/// <summary>One request's fault, and where its draw fell inside that fault's band (in [0, 1): picks a variant, e.g. which nonsense).</summary>
public readonly record struct FaultDraw(FaultKind Kind, double Within);

/// <summary>
/// Draws each request's fault from one seeded generator, one number per request in arrival order: a given seed gives a
/// given sequence of faults (which request meets which depends on the order they arrive in).
/// </summary>
public sealed class FaultPlan(FaultSettings settings)
{
    private readonly Rng _rng = new(settings.Seed);
    private readonly Lock _lock = new();

    /// <summary>The next request's fault.</summary>
    public FaultDraw Next()
    {
        double u;
        lock (_lock) u = _rng.NextDouble();
        return Pick(settings, u);
    }

    /// <summary>The fault a draw <paramref name="u"/> in [0, 1) selects: the rates take turns from 0 upwards, the rest is no fault.</summary>
    public static FaultDraw Pick(FaultSettings settings, double u)
    {
        double edge = 0;
        foreach (var (kind, rate) in settings.Rates)
        {
            if (rate > 0 && u < edge + rate) return new FaultDraw(kind, Math.Clamp((u - edge) / rate, 0, 0.999999));
            edge += rate;
        }
        return new FaultDraw(FaultKind.None, 0);
    }
}

namespace Sip.Tests.Training.Rewards;

/// <summary>Equality of hand-computed rewards (thirds, sixths) up to rounding.</summary>
internal static class Approx
{
    public static IEqualityComparer<double> Comparer { get; } = EqualityComparer<double>.Create((x, y) => Math.Abs(x - y) < 1e-12, _ => 0);
}

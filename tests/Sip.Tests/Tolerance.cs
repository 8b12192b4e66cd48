namespace Sip.Tests;

/// <summary>Compares doubles to within an absolute <c>epsilon</c>, for Assert.Equal over sequences.</summary>
public sealed class Tolerance(double epsilon) : IEqualityComparer<double>
{
    public bool Equals(double a, double b) => Math.Abs(a - b) <= epsilon;
    public int GetHashCode(double d) => 0;
}

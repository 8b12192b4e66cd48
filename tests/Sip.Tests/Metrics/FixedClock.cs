namespace Sip.Tests.Metrics;

/// <summary>A clock that reads what the test sets, so written times are known in advance.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

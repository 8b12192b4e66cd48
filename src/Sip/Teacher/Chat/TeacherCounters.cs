using Sip.Metrics;
namespace Sip.Teacher.Chat;

/// <summary>Cumulative counts of one teacher role since it was created; subtract two snapshots for an interval.</summary>
public sealed record TeacherCounts(
    long CacheHits, long CacheMisses, long Requests, long Retries, long Timeouts, long FailedCalls, long CircuitOpens, long Unparsed, long Truncated)
{
    public static TeacherCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public TeacherCounts Minus(TeacherCounts earlier) => new(
        CacheHits - earlier.CacheHits, CacheMisses - earlier.CacheMisses, Requests - earlier.Requests, Retries - earlier.Retries,
        Timeouts - earlier.Timeouts, FailedCalls - earlier.FailedCalls, CircuitOpens - earlier.CircuitOpens, Unparsed - earlier.Unparsed,
        Truncated - earlier.Truncated);

    /// <summary>The counts under <paramref name="area"/> (<see cref="MetricNames.JudgeArea"/> or <see cref="MetricNames.RewriteArea"/>).</summary>
    public IReadOnlyDictionary<string, double> ToMetrics(string area) => new Dictionary<string, double>
    {
        [$"{area}/cache_hits"] = CacheHits,
        [$"{area}/cache_misses"] = CacheMisses,
        [$"{area}/requests"] = Requests,
        [$"{area}/retries"] = Retries,
        [$"{area}/timeouts"] = Timeouts,
        [$"{area}/failed_calls"] = FailedCalls,
        [$"{area}/circuit_opens"] = CircuitOpens,
        [$"{area}/unparsed"] = Unparsed,
        [$"{area}/truncated"] = Truncated,
    };
}

/// <summary>Thread-safe counters behind <see cref="TeacherCounts"/>.</summary>
public sealed class TeacherCounters
{
    private long _cacheHits, _cacheMisses, _requests, _retries, _timeouts, _failedCalls, _circuitOpens, _unparsed, _truncated;

    public TeacherCounts Snapshot() => new(
        Interlocked.Read(ref _cacheHits), Interlocked.Read(ref _cacheMisses), Interlocked.Read(ref _requests), Interlocked.Read(ref _retries),
        Interlocked.Read(ref _timeouts), Interlocked.Read(ref _failedCalls), Interlocked.Read(ref _circuitOpens), Interlocked.Read(ref _unparsed),
        Interlocked.Read(ref _truncated));

    internal void CacheHit() => Interlocked.Increment(ref _cacheHits);
    internal void CacheMiss() => Interlocked.Increment(ref _cacheMisses);
    internal void Request() => Interlocked.Increment(ref _requests);
    internal void Retry() => Interlocked.Increment(ref _retries);
    internal void Timeout() => Interlocked.Increment(ref _timeouts);
    internal void FailedCall() => Interlocked.Increment(ref _failedCalls);
    internal void CircuitOpened() => Interlocked.Increment(ref _circuitOpens);
    internal void Unparsed() => Interlocked.Increment(ref _unparsed);
    internal void Truncated() => Interlocked.Increment(ref _truncated);
}

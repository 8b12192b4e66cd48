namespace Sip.Teacher.Chat;

/// <summary>
/// Metric names of a chat teacher's transport and cache (docs/teachers.md). The judge reports under <c>judge/</c>, the
/// rewriter under <c>rewrite/</c>; <see cref="TeacherCounts.ToMetrics"/> writes them.
/// </summary>
public static class TeacherMetricNames
{
    public const string JudgeArea = "judge";
    public const string RewriteArea = "rewrite";

    /// <summary>Samples answered from the cache.</summary>
    public const string JudgeCacheHits = "judge/cache_hits";
    /// <summary>Samples the cache did not hold (sent to the server).</summary>
    public const string JudgeCacheMisses = "judge/cache_misses";
    /// <summary>HTTP requests sent, retries included.</summary>
    public const string JudgeRequests = "judge/requests";
    /// <summary>Retries after a transient failure.</summary>
    public const string JudgeRetries = "judge/retries";
    /// <summary>Requests abandoned at the per-call timeout.</summary>
    public const string JudgeTimeouts = "judge/timeouts";
    /// <summary>Samples that failed after every retry (invalid).</summary>
    public const string JudgeFailedCalls = "judge/failed_calls";
    /// <summary>Times the circuit breaker opened (the server looked down).</summary>
    public const string JudgeCircuitOpens = "judge/circuit_opens";
    /// <summary>Answers without a readable verdict (invalid).</summary>
    public const string JudgeUnparsed = "judge/unparsed";
    /// <summary>Answers cut off at the token limit (invalid for a judge).</summary>
    public const string JudgeTruncated = "judge/truncated";

    public const string RewriteCacheHits = "rewrite/cache_hits";
    public const string RewriteCacheMisses = "rewrite/cache_misses";
    public const string RewriteRequests = "rewrite/requests";
    public const string RewriteRetries = "rewrite/retries";
    public const string RewriteTimeouts = "rewrite/timeouts";
    public const string RewriteFailedCalls = "rewrite/failed_calls";
    public const string RewriteCircuitOpens = "rewrite/circuit_opens";
    /// <summary>Answers with no usable text (empty, or only thinking).</summary>
    public const string RewriteUnparsed = "rewrite/unparsed";
    /// <summary>Rewrites cut off at the token limit (kept).</summary>
    public const string RewriteTruncated = "rewrite/truncated";

    public static IReadOnlyList<string> All { get; } =
    [
        JudgeCacheHits, JudgeCacheMisses, JudgeRequests, JudgeRetries, JudgeTimeouts, JudgeFailedCalls, JudgeCircuitOpens, JudgeUnparsed, JudgeTruncated,
        RewriteCacheHits, RewriteCacheMisses, RewriteRequests, RewriteRetries, RewriteTimeouts, RewriteFailedCalls, RewriteCircuitOpens, RewriteUnparsed, RewriteTruncated,
    ];
}

using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Sip.Teacher.Chat;

/// <summary>
/// The Polly pipeline around each call, outermost first:
/// <list type="number">
/// <item>outage wait: while the circuit is open, wait for it (for at most <see cref="ChatTeacherSettings.MaxOutageSeconds"/> in all)
/// and start over with a fresh retry budget, so a server restart pauses training instead of invalidating samples;</item>
/// <item>retries of transient failures, exponential with jitter, honouring the server's Retry-After;</item>
/// <item>the circuit breaker, opened by a failure ratio of server errors, refused connections and timeouts;</item>
/// <item>the per-call timeout.</item>
/// </list>
/// Counters travel in the resilience context, so a judge and a rewriter can share one pipeline and count apart.
/// </summary>
internal static class TeacherResilience
{
    public static readonly ResiliencePropertyKey<TeacherCounters> Counters = new("sip.teacher.counters");

    /// <summary>When the call first found the circuit open: its outage budget runs from there.</summary>
    private static readonly ResiliencePropertyKey<DateTimeOffset> OutageStart = new("sip.teacher.outageStart");

    /// <summary>The shortest wait for an open circuit.</summary>
    public static readonly TimeSpan MinimumOutageWait = TimeSpan.FromMilliseconds(50);

    public static ResiliencePipeline Build(ChatTeacherSettings settings, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        var breakDuration = TimeSpan.FromSeconds(settings.BreakSeconds);
        if (settings.MaxOutageSeconds > 0)
        {
            // The limit is a time, counted from the call's first wait for an open circuit: each wait lasts until the
            // circuit may half-open (up to breakSeconds), so a count of attempts would not bound it. The open
            // circuit's RetryAfter can be zero (just before it half-opens): waiting that long would spin, so every
            // wait is at least MinimumOutageWait, and none runs past the limit.
            var limit = TimeSpan.FromSeconds(settings.MaxOutageSeconds);
            TimeSpan Left(ResilienceContext context)
            {
                var now = time.GetUtcNow();
                if (!context.Properties.TryGetValue(OutageStart, out var start)) context.Properties.Set(OutageStart, start = now);
                return limit - (now - start);
            }
            builder.AddRetry(new RetryStrategyOptions
            {
                Name = "outage",
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is BrokenCircuitException && Left(args.Context) > TimeSpan.Zero),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Constant,
                Delay = breakDuration,
                DelayGenerator = args =>
                {
                    var wait = args.Outcome.Exception is BrokenCircuitException { RetryAfter: { } after } && after > MinimumOutageWait ? after : MinimumOutageWait;
                    var left = Left(args.Context);
                    return ValueTask.FromResult<TimeSpan?>(wait < left ? wait : left);
                },
            });
        }
        if (settings.Retries > 0)
        {
            var maxDelay = TimeSpan.FromSeconds(settings.RetryMaxDelaySeconds);
            builder.AddRetry(new RetryStrategyOptions
            {
                Name = "transient",
                ShouldHandle = args => ValueTask.FromResult(CallFailures.IsRetryable(args.Outcome.Exception)),
                MaxRetryAttempts = settings.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(settings.RetryDelaySeconds),
                MaxDelay = maxDelay,
                DelayGenerator = args => ValueTask.FromResult(
                    CallFailures.RetryAfter(args.Outcome.Exception, time.GetUtcNow()) is { } after ? (TimeSpan?)(after < maxDelay ? after : maxDelay) : null),
                OnRetry = args =>
                {
                    Count(args.Context, c => c.Retry());
                    return ValueTask.CompletedTask;
                },
            });
        }
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(CallFailures.IsServerDown(args.Outcome.Exception)),
            FailureRatio = settings.BreakFailureRatio,
            MinimumThroughput = settings.BreakMinimumCalls,
            SamplingDuration = TimeSpan.FromSeconds(settings.BreakSamplingSeconds),
            BreakDuration = breakDuration,
            OnOpened = args =>
            {
                Count(args.Context, c => c.CircuitOpened());
                return ValueTask.CompletedTask;
            },
        });
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds),
            OnTimeout = args =>
            {
                Count(args.Context, c => c.Timeout());
                return ValueTask.CompletedTask;
            },
        });
        return builder.Build();
    }

    private static void Count(ResilienceContext context, Action<TeacherCounters> count)
    {
        if (context.Properties.TryGetValue(Counters, out var counters)) count(counters);
    }
}

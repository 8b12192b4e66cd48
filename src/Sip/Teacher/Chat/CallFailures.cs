using System.ClientModel;
using System.Globalization;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Sip.Teacher.Chat;

/// <summary>How a failed call to the server is classified: worth a retry, a sign the server is down, and for how long it asked us to wait.</summary>
internal static class CallFailures
{
    /// <summary>Transient: a timeout, a refused or broken connection, HTTP 408, 429 or 5xx. A 4xx other than those (bad request, bad key, unknown model) will fail again.</summary>
    public static bool IsRetryable(Exception? error) => error switch
    {
        BrokenCircuitException => false, // the outage wait handles it, with its own budget
        TimeoutRejectedException => true,
        ClientResultException c => c.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or IOException => true,
        _ => false,
    };

    /// <summary>
    /// Failures that no call will get past: a refused key (401, 403) or an unknown model or endpoint (404). Counting
    /// each as one invalid sample would let a run train to its end on nothing, every prefix skipped; they stop it
    /// instead, with the server's reason.
    /// </summary>
    public static bool IsFatal(Exception? error) => error is ClientResultException { Status: 401 or 403 or 404 };

    /// <summary>Failures that count towards opening the circuit: the server is unreachable or failing, not merely busy (429).</summary>
    public static bool IsServerDown(Exception? error) => error switch
    {
        TimeoutRejectedException => true,
        ClientResultException c => c.Status is 0 or >= 500,
        HttpRequestException or IOException => true,
        _ => false,
    };

    /// <summary>The wait the server asked for: <c>retry-after-ms</c> (OpenAI's), else <c>Retry-After</c> in seconds or as an HTTP date.</summary>
    public static TimeSpan? RetryAfter(Exception? error, DateTimeOffset now)
    {
        if (error is not ClientResultException { } c || c.GetRawResponse() is not { } response) return null;
        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds >= 0)
            return TimeSpan.FromMilliseconds(milliseconds);
        if (!response.Headers.TryGetValue("Retry-After", out var value) || value is null) return null;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0) return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)) return date > now ? date - now : TimeSpan.Zero;
        return null;
    }

    /// <summary>A short reason for logs and sample logs: the status and the server's message, never request headers (they hold the key).</summary>
    public static string Describe(Exception error) => error switch
    {
        TimeoutRejectedException => "timed out",
        BrokenCircuitException => "server down (circuit open)",
        ClientResultException { Status: 0 } c => $"connection failed: {FirstLine(c.InnerException?.Message ?? c.Message)}",
        ClientResultException c => $"HTTP {c.Status}: {FirstLine(c.Message)}",
        _ => $"{error.GetType().Name}: {FirstLine(error.Message)}",
    };

    private static string FirstLine(string text)
    {
        string line = text.Split('\n')[0].Trim();
        return line.Length <= 200 ? line : line[..200] + "...";
    }
}

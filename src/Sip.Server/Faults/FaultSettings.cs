using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Sip.Server.Faults;

/// <summary>
/// Faults <c>sip teacher serve</c> injects, to test a client's resilience against the failures real servers show. Each
/// chat-completions request draws one number from a generator seeded with <see cref="Seed"/>, in arrival order; the
/// rates take turns on it, so at most one fault hits a request and their sum is the share of faulty requests.
/// </summary>
public sealed record FaultSettings : Sip.Settings.ISettingsValidation
{
    [Description("Milliseconds every answer waits before it is sent (errors included), as a model's generation time.")]
    public double LatencyMs { get; init; }

    [Description("Share of requests answered HTTP 429 (rate limited) with Retry-After.")]
    public double RateLimitRate { get; init; }

    [Description("Seconds a rate-limited client is asked to wait (sent as retry-after-ms, and rounded up as Retry-After).")]
    public double RetryAfterSeconds { get; init; } = 1;

    [Description("Share of requests answered HTTP 500.")]
    public double ServerErrorRate { get; init; }

    [Description("Share of requests whose connection is dropped halfway through the answer.")]
    public double DropRate { get; init; }

    [Description("Share of requests never answered: the connection is held until the client gives up (or holdSeconds pass).")]
    public double TimeoutRate { get; init; }

    [Description("Longest a request that is never answered holds its connection, in seconds.")]
    public double HoldSeconds { get; init; } = 300;

    [Description("Share of requests whose answer is cut in half, with finish_reason \"length\".")]
    public double TruncateRate { get; init; }

    [Description("Share of requests answered with text that holds no verdict (or, for a rewrite, no text).")]
    public double NonsenseRate { get; init; }

    [Description("Seed of the fault draws.")]
    public ulong Seed { get; init; } = 1;

    /// <summary>The rate of each kind of fault, in the order they take turns on a request's draw.</summary>
    [JsonIgnore]
    public IReadOnlyList<(FaultKind Kind, double Rate)> Rates =>
    [
        (FaultKind.RateLimit, RateLimitRate), (FaultKind.ServerError, ServerErrorRate), (FaultKind.Drop, DropRate),
        (FaultKind.Timeout, TimeoutRate), (FaultKind.Truncate, TruncateRate), (FaultKind.Nonsense, NonsenseRate),
    ];

    /// <summary>Share of requests that get a fault.</summary>
    [JsonIgnore]
    public double TotalRate => Rates.Sum(r => r.Rate);

    /// <summary>These settings with <paramref name="total"/> spread evenly over the six kinds of fault.</summary>
    public FaultSettings Spread(double total)
    {
        double each = total / 6;
        return this with { RateLimitRate = each, ServerErrorRate = each, DropRate = each, TimeoutRate = each, TruncateRate = each, NonsenseRate = each };
    }

    public IEnumerable<string> Validate()
    {
        if (!(LatencyMs >= 0)) yield return $"latencyMs: must be 0 or more, got {Format(LatencyMs)}";
        foreach (var (kind, rate) in Rates)
            if (!(rate is >= 0 and <= 1)) yield return $"{JsonName(kind)}: must be a share between 0 and 1, got {Format(rate)}";
        if (TotalRate > 1 + 1e-9)
            yield return $"rates: the fault rates add up to {TotalRate.ToString("0.###", CultureInfo.InvariantCulture)}, more than 1 (at most one fault hits a request)";
        if (!(RetryAfterSeconds >= 0)) yield return $"retryAfterSeconds: must be 0 or more, got {Format(RetryAfterSeconds)}";
        if (!(HoldSeconds > 0)) yield return $"holdSeconds: must be positive, got {Format(HoldSeconds)}";
    }

    private static string JsonName(FaultKind kind) => kind switch
    {
        FaultKind.RateLimit => "rateLimitRate",
        FaultKind.ServerError => "serverErrorRate",
        FaultKind.Drop => "dropRate",
        FaultKind.Timeout => "timeoutRate",
        FaultKind.Truncate => "truncateRate",
        _ => "nonsenseRate",
    };

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

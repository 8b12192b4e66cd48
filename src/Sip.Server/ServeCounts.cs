using Sip.Server.Faults;

namespace Sip.Server;

/// <summary>What <see cref="TeacherServer"/> has done since it started: requests by outcome, and each injected fault by kind.</summary>
public sealed record ServeCounts(
    long HttpRequests, long ChatCompletions, long Answered, long Judgments, long Rewrites, long Rejected,
    long RateLimited, long ServerErrors, long Dropped, long TimedOut, long Truncated, long Nonsense)
{
    /// <summary>Faults injected, every kind together.</summary>
    public long Faults => RateLimited + ServerErrors + Dropped + TimedOut + Truncated + Nonsense;

    /// <summary>Faults that fail the call itself (the client retries them): 429, 500, dropped and unanswered requests.</summary>
    public long CallFaults => RateLimited + ServerErrors + Dropped + TimedOut;

    /// <summary>The count of one kind of fault.</summary>
    public long Of(FaultKind kind) => kind switch
    {
        FaultKind.RateLimit => RateLimited,
        FaultKind.ServerError => ServerErrors,
        FaultKind.Drop => Dropped,
        FaultKind.Timeout => TimedOut,
        FaultKind.Truncate => Truncated,
        FaultKind.Nonsense => Nonsense,
        _ => ChatCompletions - Faults,
    };

    public override string ToString() =>
        $"{ChatCompletions} chat requests ({Answered} answered: {Judgments} verdicts, {Rewrites} rewrites; {Rejected} rejected); faults: "
        + $"{RateLimited} rate-limited, {ServerErrors} server errors, {Dropped} dropped, {TimedOut} unanswered, {Truncated} truncated, {Nonsense} nonsense";
}

/// <summary>Thread-safe counters behind <see cref="ServeCounts"/>.</summary>
internal sealed class ServeCounters
{
    private long _http, _chat, _answered, _judgments, _rewrites, _rejected;
    private readonly long[] _faults = new long[Enum.GetValues<FaultKind>().Length];

    public ServeCounts Snapshot() => new(
        Interlocked.Read(ref _http), Interlocked.Read(ref _chat), Interlocked.Read(ref _answered), Interlocked.Read(ref _judgments),
        Interlocked.Read(ref _rewrites), Interlocked.Read(ref _rejected),
        Fault(FaultKind.RateLimit), Fault(FaultKind.ServerError), Fault(FaultKind.Drop), Fault(FaultKind.Timeout), Fault(FaultKind.Truncate),
        Fault(FaultKind.Nonsense));

    public void HttpRequest() => Interlocked.Increment(ref _http);
    public void ChatCompletion() => Interlocked.Increment(ref _chat);
    public void Answered(long judgments, long rewrites)
    {
        Interlocked.Increment(ref _answered);
        Interlocked.Add(ref _judgments, judgments);
        Interlocked.Add(ref _rewrites, rewrites);
    }
    public void Rejected() => Interlocked.Increment(ref _rejected);
    public void Injected(FaultKind kind) => Interlocked.Increment(ref _faults[(int)kind]);

    private long Fault(FaultKind kind) => Interlocked.Read(ref _faults[(int)kind]);
}

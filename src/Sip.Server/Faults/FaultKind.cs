namespace Sip.Server.Faults;

/// <summary>What <c>sip teacher serve</c> does wrong to one request (<see cref="FaultSettings"/>).</summary>
public enum FaultKind
{
    /// <summary>Nothing: an honest, complete answer.</summary>
    None,

    /// <summary>HTTP 429 with Retry-After.</summary>
    RateLimit,

    /// <summary>HTTP 500.</summary>
    ServerError,

    /// <summary>The connection is reset halfway through the answer.</summary>
    Drop,

    /// <summary>No answer: the connection is held until the client gives up.</summary>
    Timeout,

    /// <summary>The answer is cut in half, finish_reason "length".</summary>
    Truncate,

    /// <summary>An answer without a verdict (a rewrite without text).</summary>
    Nonsense,
}

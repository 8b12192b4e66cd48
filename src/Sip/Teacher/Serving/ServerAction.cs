namespace Sip.Teacher.Serving;

/// <summary>What the server does with one request.</summary>
internal abstract record ServerAction
{
    /// <summary>Answer it (after the configured latency).</summary>
    public sealed record Respond(HttpReply Reply) : ServerAction;

    /// <summary>Start answering, then reset the connection halfway through the body.</summary>
    public sealed record Drop(HttpReply Reply) : ServerAction;

    /// <summary>Never answer: hold the connection until the client gives up.</summary>
    public sealed record Hold : ServerAction;
}

using Microsoft.AspNetCore.Http;
using Sip.Server.Answering;
using Sip.Server.Faults;

namespace Sip.Server.Pipeline;

/// <summary>
/// Counts every request that reaches the application, and how each ended: rejected (an error status the server chose,
/// not an injected one) or answered (a chat completion sent whole, or cut by a fault that leaves it an answer).
/// </summary>
/// <remarks>
/// The outcome is counted as the answer starts, before a byte of it is sent, so a client that has its answer finds it
/// counted. Response-start callbacks run in reverse order of registration: registered first, this one runs after the
/// latency's wait, which a client that gives up cuts short (its request then counts as neither). Requests Kestrel
/// refuses before they reach the application (a malformed request line, headers over the limit) are not counted.
/// </remarks>
internal sealed class ServeCountsMiddleware(RequestDelegate next, ServeCounters counts)
{
    public Task InvokeAsync(HttpContext context)
    {
        counts.HttpRequest();
        context.Response.OnStarting(() =>
        {
            Record(context);
            return Task.CompletedTask;
        });
        return next(context);
    }

    private void Record(HttpContext context)
    {
        var fault = context.Features.Get<InjectedFault>()?.Draw.Kind ?? FaultKind.None;
        // Counted as injected faults. Kestrel starts a response even for an aborted request (a held one, or one whose
        // client left), which answers nothing.
        if (fault is FaultKind.RateLimit or FaultKind.ServerError or FaultKind.Drop or FaultKind.Timeout || context.RequestAborted.IsCancellationRequested) return;
        if (context.Response.StatusCode >= StatusCodes.Status400BadRequest)
        {
            counts.Rejected();
            return;
        }
        if (context.Features.Get<ChatCall>() is { } call)
            counts.Answered(call.Recognized?.Judge is null ? 0 : call.Request.N, call.Recognized?.Rewrite is null ? 0 : call.Request.N);
    }
}

using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Sip.Server.Faults;

/// <summary>The faults that break the connection rather than the answer: a request never answered, an answer cut off mid-body.</summary>
internal static class ConnectionFaults
{
    /// <summary>Ample time for the send loop to put a flushed half answer on the wire (it takes microseconds on an idle machine).</summary>
    private static readonly TimeSpan SendTime = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Answers nothing until the client gives up (closes the connection), <paramref name="longest"/> passes or the server
    /// stops (held requests are let go at once, not after the shutdown grace), then resets the connection.
    /// </summary>
    public static async Task HoldAsync(HttpContext context, TimeSpan longest, CancellationToken stopping)
    {
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(longest, hold.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client left or the server stops: either way the hold is over.
        }
        Reset(context);
    }

    /// <summary>Sends the status, the headers (with the whole body's Content-Length) and half of <paramref name="body"/>, then resets the connection.</summary>
    public static async Task DropHalfwayAsync(HttpContext context, byte[] body)
    {
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        // A flush hands the bytes to Kestrel's send loop, not to the network: an abort at once would discard them, and
        // the client would see a connection reset before any answer instead of an answer cut off.
        await Task.Delay(SendTime, context.RequestAborted).ConfigureAwait(false);
        Reset(context);
    }

    /// <summary>Closes the connection with a reset (no lingering), as a crashed server or a broken network does.</summary>
    private static void Reset(HttpContext context)
    {
        try
        {
            if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket) socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed by the client: the abort below has nothing left to reset.
        }
        context.Abort();
    }
}

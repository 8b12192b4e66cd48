using Microsoft.AspNetCore.Http;

namespace Sip.Server.Faults;

/// <summary>
/// Delays every answer (errors included) by <see cref="FaultSettings.LatencyMs"/>, as a model's generation time: the wait
/// runs as the answer starts, once it is known, so a request's place in the fault plan is its arrival, not the end of
/// its wait. A request that is never answered (held) never waits.
/// </summary>
internal sealed class LatencyMiddleware(RequestDelegate next, ServeSettings settings)
{
    public Task InvokeAsync(HttpContext context)
    {
        double latencyMs = settings.Faults.LatencyMs;
        if (latencyMs > 0)
            context.Response.OnStarting(() => Task.Delay(TimeSpan.FromMilliseconds(latencyMs), context.RequestAborted));
        return next(context);
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Sip.Server.Answering;
using Sip.Server.Wire;

namespace Sip.Server.Faults;

/// <summary>
/// Injects the fault each chat-completions request draws from the <see cref="FaultPlan"/>: an HTTP 429 or 500 instead of
/// the answer, no answer at all, the answer cut off mid-body, or the answer rewritten as a broken model's
/// (<see cref="BrokenAnswer"/>). Only a request that passed the protocol's checks (it carries a <see cref="ChatCall"/>)
/// draws, so a refused request never moves the plan on; the 429, the 500 and the held request never reach the teacher.
/// </summary>
internal sealed class FaultMiddleware(RequestDelegate next, FaultPlan plan, ServeSettings settings, ServeCounters counts, IHostApplicationLifetime lifetime)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<ChatCall>() is not { } call)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var draw = plan.Next();
        context.Features.Set(new InjectedFault(draw));
        if (draw.Kind != FaultKind.None) counts.Injected(draw.Kind);
        switch (draw.Kind)
        {
            case FaultKind.RateLimit:
                double wait = settings.Faults.RetryAfterSeconds;
                await JsonReply.ErrorAsync(context, StatusCodes.Status429TooManyRequests, "Rate limit reached (injected by sip teacher serve).", "rate_limit_error", "rate_limit_exceeded",
                    ("retry-after-ms", ((long)Math.Round(wait * 1000)).ToString(CultureInfo.InvariantCulture)),
                    ("Retry-After", ((long)Math.Ceiling(wait)).ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
                break;
            case FaultKind.ServerError:
                await JsonReply.ErrorAsync(context, StatusCodes.Status500InternalServerError, "Internal server error (injected by sip teacher serve).", "server_error").ConfigureAwait(false);
                break;
            case FaultKind.Timeout:
                await ConnectionFaults.HoldAsync(context, TimeSpan.FromSeconds(settings.Faults.HoldSeconds), lifetime.ApplicationStopping).ConfigureAwait(false);
                break;
            case FaultKind.Drop:
                await ConnectionFaults.DropHalfwayAsync(context, await ResponseCapture.RunAsync(context, next).ConfigureAwait(false)).ConfigureAwait(false);
                break;
            case FaultKind.Truncate or FaultKind.Nonsense:
                byte[] answer = await ResponseCapture.RunAsync(context, next).ConfigureAwait(false);
                if (context.Response.StatusCode == StatusCodes.Status200OK) answer = BrokenAnswer.Rewrite(answer, draw, call.Recognized?.Task);
                await JsonReply.WriteAsync(context, context.Response.StatusCode, answer).ConfigureAwait(false);
                break;
            default:
                await next(context).ConfigureAwait(false);
                break;
        }
    }
}

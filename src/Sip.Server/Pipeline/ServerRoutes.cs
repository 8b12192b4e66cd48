using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sip.Server.Answering;
using Sip.Server.Wire;

namespace Sip.Server.Pipeline;

/// <summary>
/// The endpoints, as minimal APIs: <c>POST /v1/chat/completions</c>, <c>GET /v1/models</c> (both behind the API key) and
/// <c>GET /health</c>. Another method on one of them gets 405 with <c>Allow</c>, any other path 404, both as OpenAI
/// error bodies (routing's own 404 and 405 have none).
/// </summary>
internal static class ServerRoutes
{
    public static void Map(WebApplication app, ServeSettings settings, IChatBackend backend)
    {
        app.MapGet("/health", context => JsonReply.WriteAsync(context, StatusCodes.Status200OK, "{\"status\":\"ok\"}"));
        app.Map("/health", MethodNotAllowed("GET"));

        var v1 = app.MapGroup("/v1").WithMetadata(new ApiKeyRequired());
        v1.MapPost("/chat/completions", new ChatCompletionsEndpoint(settings, backend).HandleAsync).WithMetadata(new ChatCompletionsRoute());
        v1.Map("/chat/completions", MethodNotAllowed("POST"));
        v1.MapGet("/models", context => JsonReply.WriteAsync(context, StatusCodes.Status200OK, ChatCompletionJson.Models(settings.ServedModel, DateTimeOffset.UtcNow.ToUnixTimeSeconds())));
        v1.Map("/models", MethodNotAllowed("GET"));

        app.MapFallback("{*path}", context => JsonReply.ErrorAsync(context, StatusCodes.Status404NotFound,
            $"no route {context.Request.Path}: this server has POST /v1/chat/completions and GET /v1/models"));
    }

    /// <summary>
    /// An endpoint for any method on a path whose method-specific endpoint routing prefers when the method matches, so
    /// only other methods land here.
    /// </summary>
    private static RequestDelegate MethodNotAllowed(string allowed) => context =>
        JsonReply.ErrorAsync(context, StatusCodes.Status405MethodNotAllowed, $"method not allowed; use {allowed}", headers: ("Allow", allowed));
}

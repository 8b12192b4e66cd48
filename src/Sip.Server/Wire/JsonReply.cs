using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sip.Server.Wire;

/// <summary>Writes a JSON answer whole, with its Content-Length.</summary>
/// <remarks>
/// A known length keeps answers unchunked, as OpenAI's and vLLM's are, and makes a body cut short (the drop fault)
/// visibly incomplete to the client.
/// </remarks>
internal static class JsonReply
{
    public const string ContentType = "application/json";

    public static Task WriteAsync(HttpContext context, int status, string json, params (string Name, string Value)[] headers) =>
        WriteAsync(context, status, Encoding.UTF8.GetBytes(json), headers);

    public static async Task WriteAsync(HttpContext context, int status, byte[] body, params (string Name, string Value)[] headers)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        foreach (var (name, value) in headers) response.Headers[name] = value;
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>An OpenAI error body with <paramref name="status"/>.</summary>
    public static Task ErrorAsync(HttpContext context, int status, string message, string type = "invalid_request_error", string? code = null,
        params (string Name, string Value)[] headers) =>
        WriteAsync(context, status, ChatCompletionJson.Error(message, type, code), headers);
}

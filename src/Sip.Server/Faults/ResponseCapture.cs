using Microsoft.AspNetCore.Http;

namespace Sip.Server.Faults;

/// <summary>Runs the rest of the pipeline into memory instead of onto the connection, so a fault can send its answer otherwise.</summary>
internal static class ResponseCapture
{
    /// <summary>The body <paramref name="next"/> wrote; its status and headers stay set on the response, nothing is sent yet.</summary>
    public static async Task<byte[]> RunAsync(HttpContext context, RequestDelegate next)
    {
        var connection = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Response.Body = connection;
        }
        return buffer.ToArray();
    }
}

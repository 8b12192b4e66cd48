using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Sip.Server.Wire;

namespace Sip.Server.Pipeline;

/// <summary>
/// What ASP.NET Core's exception handler answers, in OpenAI's error format: a refused request
/// (<see cref="BadHttpRequestException"/>: a body that is not a chat request, or one over Kestrel's size limit) gets its
/// status; anything else (a teacher that failed, a bug) gets HTTP 500 with the message, and the server keeps serving.
/// </summary>
internal static class ErrorAnswers
{
    public static ExceptionHandlerOptions Options => new() { ExceptionHandler = WriteAsync };

    private static Task WriteAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        return error is BadHttpRequestException refused
            ? JsonReply.ErrorAsync(context, refused.StatusCode, refused.Message)
            : JsonReply.ErrorAsync(context, StatusCodes.Status500InternalServerError, $"sip teacher serve failed on this request: {error?.Message}", "server_error");
    }
}

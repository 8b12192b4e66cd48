using Microsoft.AspNetCore.Http;
using Sip.Server.Answering;
using Sip.Server.Wire;
using Sip.Teacher.Prompts;

namespace Sip.Server.Pipeline;

/// <summary>Marks the chat-completions endpoint, whose requests <see cref="ChatRequestMiddleware"/> reads and checks.</summary>
internal sealed class ChatCompletionsRoute;

/// <summary>
/// Reads a chat-completions request and refuses, as a real server does, what cannot be answered: another model name
/// (404 <c>model_not_found</c>), <c>stream</c>, an <c>n</c>, <c>max_tokens</c>, <c>temperature</c> or <c>top_p</c> out of
/// range, a prompt the backend cannot answer (400); a body
/// that is not a request is a 400 too (thrown, answered by <see cref="ErrorAnswers"/>). A request that passes goes on as
/// a <see cref="ChatCall"/> feature, counted as a chat completion.
/// </summary>
internal sealed class ChatRequestMiddleware(RequestDelegate next, ServeSettings settings, IChatBackend backend, ServeCounters counts)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ChatCompletionsRoute>() is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var request = ChatCompletionRequest.Parse(await ReadBodyAsync(context).ConfigureAwait(false));
        if (request.Model != settings.ServedModel)
        {
            await JsonReply.ErrorAsync(context, StatusCodes.Status404NotFound, $"The model `{request.Model}` does not exist; this server answers to `{settings.ServedModel}`.",
                code: "model_not_found").ConfigureAwait(false);
            return;
        }
        var call = new ChatCall(request, PromptRecognizer.Recognize(request.Messages));
        if (Refusal(call) is { } refusal)
        {
            await JsonReply.ErrorAsync(context, StatusCodes.Status400BadRequest, refusal).ConfigureAwait(false);
            return;
        }
        counts.ChatCompletion();
        context.Features.Set(call);
        await next(context).ConfigureAwait(false);
    }

    private string? Refusal(ChatCall call)
    {
        var request = call.Request;
        if (request.Stream) return "stream: streaming is not supported by sip teacher serve";
        if (request.N < 1 || request.N > settings.MaxChoices) return $"n: must be between 1 and {settings.MaxChoices}, got {request.N}";
        if (request.MaxTokens < 1) return $"max_tokens: must be positive, got {request.MaxTokens}";
        if (request.Temperature is < 0 or > 2) return $"temperature: must be between 0 and 2, got {request.Temperature}";
        if (request.TopP is { } topP && !(topP > 0 && topP <= 1)) return $"top_p: must be in (0, 1], got {topP}";
        return backend.Refusal(call);
    }

    /// <summary>The whole body; Kestrel refuses one over its limit (<see cref="TeacherServer.MaxBodyBytes"/>) with a 413 as it is read.</summary>
    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        return body.ToArray();
    }
}

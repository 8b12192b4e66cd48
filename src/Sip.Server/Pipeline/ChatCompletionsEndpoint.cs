using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sip.Server.Answering;
using Sip.Server.Wire;

namespace Sip.Server.Pipeline;

/// <summary><c>POST /v1/chat/completions</c>, after the checks and the faults: the backend's answer as an OpenAI completion.</summary>
internal sealed class ChatCompletionsEndpoint(ServeSettings settings, IChatBackend backend)
{
    private long _sequence;

    public async Task HandleAsync(HttpContext context)
    {
        var call = context.Features.GetRequiredFeature<ChatCall>();
        var answer = await backend.AnswerAsync(call, context.RequestAborted).ConfigureAwait(false);
        string id = "chatcmpl-sip-" + Interlocked.Increment(ref _sequence).ToString("x8", CultureInfo.InvariantCulture);
        string json = ChatCompletionJson.Completion(id, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), settings.ServedModel, backend.Describe, answer.Choices,
            answer.PromptTokens, answer.CompletionTokens);
        await JsonReply.WriteAsync(context, StatusCodes.Status200OK, json).ConfigureAwait(false);
    }
}

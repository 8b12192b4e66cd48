using Sip.Server.Wire;
using Sip.Teacher.Prompts;

namespace Sip.Server.Answering;

/// <summary>
/// A chat-completions request that passed the protocol's checks, with what its prompt asks when it is one of sip's
/// (<see cref="PromptRecognizer"/>; null for any other conversation). The request pipeline carries it as an HTTP
/// feature from the checks to the faults and the endpoint.
/// </summary>
internal sealed record ChatCall(ChatCompletionRequest Request, RecognizedPrompt? Recognized);

/// <summary>A backend's answer: one choice per <c>n</c>, and the tokens it read and wrote.</summary>
internal sealed record ChatAnswer(IReadOnlyList<ChatChoice> Choices, int PromptTokens, int CompletionTokens);

/// <summary>What answers <c>POST /v1/chat/completions</c> behind the protocol, the faults and the counts.</summary>
internal interface IChatBackend
{
    /// <summary>A stable description (the answers' <c>system_fingerprint</c>).</summary>
    string Describe { get; }

    /// <summary>Why this backend cannot answer <paramref name="call"/> (sent as HTTP 400), or null.</summary>
    string? Refusal(ChatCall call);

    /// <summary>The answer; an exception is sent as HTTP 500 with its message.</summary>
    Task<ChatAnswer> AnswerAsync(ChatCall call, CancellationToken cancellation);
}

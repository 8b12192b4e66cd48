using System.Globalization;
using Sip.Teacher.Prompts;

namespace Sip.Teacher.Serving;

/// <summary>
/// <c>POST /v1/chat/completions</c>: reads sip's prompt back into its request (<see cref="PromptRecognizer"/>), asks the
/// served teacher, and writes the answer in the format the prompt asks for (<see cref="VerdictText"/>), one choice per
/// <c>n</c>, unless the request's fault says otherwise.
/// </summary>
/// <remarks>
/// Choice j of a request with seed s is the teacher's sample (s + j) mod <see cref="SampleCycle"/> (no seed: j), so a
/// chat judge that sends seed + i for its sample i asks for the oracle's sample i. A rewrite prompt is answered with the
/// prefix ending it asks to start with and the corrected suffix, or the corrected suffix alone when the prompt pre-fills
/// the ending as a final assistant message.
/// </remarks>
internal sealed class ChatEndpoint(ServeSettings settings, IServedTeacher teacher, ServeCounters counts, FaultPlan faults)
{
    /// <summary>Samples repeat after this many seeds (it bounds the oracle's work per request).</summary>
    public const int SampleCycle = 256;

    private long _sequence;

    /// <summary>The action for a request; only a valid request draws a fault.</summary>
    public ServerAction Handle(ChatCompletionRequest request)
    {
        if (request.Model != settings.Model)
            return Reject(404, $"The model `{request.Model}` does not exist; this server answers to `{settings.Model}`.", "invalid_request_error", "model_not_found");
        if (request.Stream) return Reject(400, "stream: streaming is not supported by sip teacher serve", "invalid_request_error");
        if (request.N < 1 || request.N > settings.MaxChoices) return Reject(400, $"n: must be between 1 and {settings.MaxChoices}, got {request.N}", "invalid_request_error");
        if (PromptRecognizer.Recognize(request.Messages) is not { } recognized)
            return Reject(400, "unrecognised prompt: not one of sip's judge or rewrite prompts (their fenced fields are missing)", "invalid_request_error");

        counts.ChatCompletion();
        var fault = faults.Next();
        if (fault.Kind != FaultKind.None) counts.Injected(fault.Kind);
        switch (fault.Kind)
        {
            case FaultKind.RateLimit:
                double wait = settings.Faults.RetryAfterSeconds;
                return new ServerAction.Respond(HttpReply.OfJson(429, ChatCompletionJson.Error("Rate limit reached (injected by sip teacher serve).", "rate_limit_error", "rate_limit_exceeded"),
                    ("retry-after-ms", ((long)Math.Round(wait * 1000)).ToString(CultureInfo.InvariantCulture)),
                    ("Retry-After", ((long)Math.Ceiling(wait)).ToString(CultureInfo.InvariantCulture))));
            case FaultKind.ServerError:
                return new ServerAction.Respond(HttpReply.OfJson(500, ChatCompletionJson.Error("Internal server error (injected by sip teacher serve).", "server_error")));
            case FaultKind.Timeout:
                return new ServerAction.Hold();
        }

        var choices = Enumerable.Range(0, request.N).Select(j => Choice(recognized, request, j, fault)).ToList();
        string id = "chatcmpl-sip-" + Interlocked.Increment(ref _sequence).ToString("x8", CultureInfo.InvariantCulture);
        int promptTokens = request.Messages.Sum(m => ChatCompletionJson.Tokens(m.Text));
        var reply = HttpReply.OfJson(200, ChatCompletionJson.Completion(id, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), settings.Model, teacher.Describe, choices, promptTokens));
        if (fault.Kind == FaultKind.Drop) return new ServerAction.Drop(reply);
        counts.Answered(recognized.Judge is null ? 0 : request.N, recognized.Rewrite is null ? 0 : request.N);
        return new ServerAction.Respond(reply);
    }

    /// <summary>The teacher's sample for choice <paramref name="choice"/> of a request.</summary>
    public static int SampleOf(long? seed, int choice) => (int)((((seed ?? 0) + choice) % SampleCycle + SampleCycle) % SampleCycle);

    private (string Content, string FinishReason) Choice(RecognizedPrompt recognized, ChatCompletionRequest request, int choice, FaultDraw fault)
    {
        if (fault.Kind == FaultKind.Nonsense) return (NonsenseAnswers.For(recognized.Task, fault.Within), "stop");
        string content = recognized.Judge is { } judge ? Verdict(recognized.Task, judge, SampleOf(request.Seed, choice)) : Rewrite(recognized.Rewrite!, request.Messages);
        if (fault.Kind == FaultKind.Truncate) return (Cut(content, content.Length / 2), "length");
        if (request.MaxTokens is { } max && ChatCompletionJson.Tokens(content) > max) return (Cut(content, max * 4), "length");
        return (content, "stop");
    }

    private string Verdict(TeacherTask task, JudgeRequest request, int sample)
    {
        var verdict = teacher.Judge(request, sample);
        return VerdictText.Write(task, verdict.Score, verdict.Reasoning);
    }

    private string Rewrite(RewriteRequest request, IReadOnlyList<PromptMessage> messages)
    {
        string corrected = teacher.Rewrite(request);
        // A pre-filled ending (a final assistant message) is continued, not repeated.
        return messages[^1].Role == PromptRole.Assistant ? corrected : PrefixEnding.Of(request.Prefix) + corrected;
    }

    /// <summary>The first <paramref name="length"/> characters, never splitting a surrogate pair.</summary>
    private static string Cut(string text, int length)
    {
        if (length >= text.Length) return text;
        if (length > 0 && char.IsHighSurrogate(text[length - 1])) length--;
        return text[..length];
    }

    private ServerAction Reject(int status, string message, string type, string? code = null)
    {
        counts.Rejected();
        return new ServerAction.Respond(HttpReply.OfJson(status, ChatCompletionJson.Error(message, type, code)));
    }
}

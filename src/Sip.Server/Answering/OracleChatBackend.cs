using Sip.Server.Wire;
using Sip.Teacher;
using Sip.Teacher.Chat;
using Sip.Teacher.Prompts;

namespace Sip.Server.Answering;

/// <summary>
/// An <see cref="IServedTeacher"/> (TinyWorld's oracle) behind the chat protocol: it answers sip's judge and rewrite
/// prompts only, read back into their requests, and writes the answer in the format the prompt asks for
/// (<see cref="VerdictText"/>), one choice per <c>n</c>.
/// </summary>
/// <remarks>
/// Choice j of a request with seed s is the teacher's sample (s + j) mod <see cref="SampleCycle"/> (no seed: j), so a
/// chat judge that sends seed + i for its sample i asks for the oracle's sample i. A rewrite prompt is answered with the
/// prefix ending it asks to start with and the corrected suffix, or the corrected suffix alone when the prompt pre-fills
/// the ending as a final assistant message. An answer with a stop sequence of the request ends there (as
/// <see cref="AnswerStops"/> says), finish reason "stop"; one still longer than <c>max_tokens</c> (about four characters
/// per token) is cut, finish reason "length".
/// </remarks>
internal sealed class OracleChatBackend(IServedTeacher teacher) : IChatBackend
{
    /// <summary>Samples repeat after this many seeds (it bounds the oracle's work per request).</summary>
    public const int SampleCycle = 256;

    public string Describe => teacher.Describe;

    public string? Refusal(ChatCall call) => call.Recognized is null
        ? "unrecognised prompt: not one of sip's judge or rewrite prompts (their fenced fields are missing)"
        : null;

    public Task<ChatAnswer> AnswerAsync(ChatCall call, CancellationToken cancellation)
    {
        var request = call.Request;
        var choices = Enumerable.Range(0, request.N).Select(j => Choice(call.Recognized!, request, j)).ToList();
        int promptTokens = request.Messages.Sum(m => ChatCompletionJson.Tokens(m.Text));
        return Task.FromResult(new ChatAnswer(choices, promptTokens, choices.Sum(c => ChatCompletionJson.Tokens(c.Content))));
    }

    /// <summary>The teacher's sample for choice <paramref name="choice"/> of a request.</summary>
    public static int SampleOf(long? seed, int choice) => (int)((((seed ?? 0) + choice) % SampleCycle + SampleCycle) % SampleCycle);

    private ChatChoice Choice(RecognizedPrompt recognized, ChatCompletionRequest request, int choice)
    {
        string content = recognized.Judge is { } judge ? Verdict(recognized.Task, judge, SampleOf(request.Seed, choice)) : Rewrite(recognized.Rewrite!, request.Messages);
        if (request.Stops?.End(content) is { } end) content = content[..end];
        if (request.MaxTokens is { } max && ChatCompletionJson.Tokens(content) > max) return new ChatChoice(AnswerCut.First(content, max * 4), "length");
        return new ChatChoice(content, "stop");
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
}

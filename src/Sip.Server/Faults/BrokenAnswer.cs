using System.Text.Json;
using System.Text.Json.Nodes;
using Sip.Server.Wire;
using Sip.Teacher.Prompts;

namespace Sip.Server.Faults;

/// <summary>
/// Rewrites a whole completion as a broken model would have written it: truncated, each choice cut in half with
/// finish_reason "length"; nonsense, each choice one of <see cref="NonsenseAnswers"/> for the prompt's task (a judge's when
/// the prompt is not one of sip's). Usage counts the text sent (about four characters per token).
/// </summary>
internal static class BrokenAnswer
{
    public static byte[] Rewrite(byte[] completion, FaultDraw draw, TeacherTask? task)
    {
        var json = JsonNode.Parse(completion)!.AsObject();
        int completionTokens = 0;
        foreach (var choice in json["choices"]!.AsArray())
        {
            var message = choice!["message"]!;
            string content = message["content"]?.GetValue<string>() ?? "";
            var (text, finish) = draw.Kind == FaultKind.Truncate
                ? (AnswerCut.First(content, content.Length / 2), "length")
                : (NonsenseAnswers.For(task ?? TeacherTask.Safety, draw.Within), "stop");
            message["content"] = text;
            choice["finish_reason"] = finish;
            completionTokens += ChatCompletionJson.Tokens(text);
        }
        if (json["usage"] is JsonObject usage)
        {
            usage["completion_tokens"] = completionTokens;
            usage["total_tokens"] = usage["prompt_tokens"]!.GetValue<int>() + completionTokens;
        }
        return JsonSerializer.SerializeToUtf8Bytes(json);
    }
}

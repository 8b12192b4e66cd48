using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sip.Teacher.Prompts;

namespace Sip.Server.Wire;

/// <summary>The fields of a chat-completions request that the server reads.</summary>
/// <remarks>
/// Temperature and top_p are read as the OpenAI SDK holds them (single precision), so a backend gets what an in-process
/// client would. <c>stop</c> (a string or a list) and vLLM's <c>include_stop_str_in_output</c> are the answer's stop
/// sequences (<see cref="Sip.Teacher.Chat.AnswerStops"/>).
/// </remarks>
internal sealed record ChatCompletionRequest(string Model, IReadOnlyList<PromptMessage> Messages, int N, long? Seed, int? MaxTokens, bool Stream,
    float? Temperature = null, float? TopP = null, IReadOnlyList<string>? Stop = null, bool KeepStop = false)
{
    /// <summary>The stop sequences as the answering backends honour them; null when there are none.</summary>
    public Sip.Teacher.Chat.AnswerStops? Stops => Sip.Teacher.Chat.AnswerStops.Of(Stop, KeepStop);

    /// <summary>Reads the request body; a body that is not a chat-completions request is a <see cref="BadHttpRequestException"/> (400).</summary>
    public static ChatCompletionRequest Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad("the body must be a JSON object");
            string model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : throw Bad("'model' is required");
            if (!root.TryGetProperty("messages", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
                throw Bad("'messages' must be a non-empty array");
            var messages = list.EnumerateArray().Select(Message).ToList();
            int n = root.TryGetProperty("n", out var nValue) && nValue.ValueKind == JsonValueKind.Number ? nValue.GetInt32() : 1;
            long? seed = root.TryGetProperty("seed", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : null;
            int? maxTokens = Integer(root, "max_completion_tokens") ?? Integer(root, "max_tokens");
            bool stream = root.TryGetProperty("stream", out var st) && st.ValueKind == JsonValueKind.True;
            bool keepStop = root.TryGetProperty(Sip.Teacher.Chat.AnswerStops.KeepProperty, out var keep) && keep.ValueKind == JsonValueKind.True;
            return new ChatCompletionRequest(model, messages, n, seed, maxTokens, stream, Single(root, "temperature"), Single(root, "top_p"), StopSequences(root), keepStop);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw Bad($"not a chat-completions request: {e.Message}");
        }
    }

    private static PromptMessage Message(JsonElement message)
    {
        string role = message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : throw Bad("every message needs a 'role'");
        var promptRole = role switch
        {
            "system" or "developer" => PromptRole.System,
            "user" => PromptRole.User,
            "assistant" => PromptRole.Assistant,
            _ => throw Bad($"unsupported message role '{role}'"),
        };
        string text = !message.TryGetProperty("content", out var content) ? "" : content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Null => "",
            // Content parts: the text parts, in order.
            JsonValueKind.Array => string.Concat(content.EnumerateArray()
                .Where(p => p.TryGetProperty("type", out var t) && t.GetString() == "text")
                .Select(p => p.GetProperty("text").GetString())),
            _ => throw Bad("message content must be a string or an array of parts"),
        };
        return new PromptMessage(promptRole, text);
    }

    /// <summary><c>stop</c>: one string or a list of strings (OpenAI allows either); absent or null is none.</summary>
    private static IReadOnlyList<string>? StopSequences(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop)) return null;
        return stop.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => [stop.GetString()!],
            JsonValueKind.Array => stop.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.String ? s.GetString()! : throw Bad("'stop' must hold strings")).ToList(),
            _ => throw Bad("'stop' must be a string or an array of strings"),
        };
    }

    private static int? Integer(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static float? Single(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetSingle() : null;

    // ASP.NET Core's own exception for a request the server refuses: the exception handler answers its status code.
    private static BadHttpRequestException Bad(string message) => new(message, StatusCodes.Status400BadRequest);
}

using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sip.Teacher.Prompts;

namespace Sip.Server.Wire;

/// <summary>The fields of a chat-completions request that the server reads.</summary>
/// <remarks>Temperature and top_p are read as the OpenAI SDK holds them (single precision), so a backend gets what an in-process client would.</remarks>
internal sealed record ChatCompletionRequest(string Model, IReadOnlyList<PromptMessage> Messages, int N, long? Seed, int? MaxTokens, bool Stream,
    float? Temperature = null, float? TopP = null)
{
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
            return new ChatCompletionRequest(model, messages, n, seed, maxTokens, stream, Single(root, "temperature"), Single(root, "top_p"));
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

    private static int? Integer(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;

    private static float? Single(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetSingle() : null;

    // ASP.NET Core's own exception for a request the server refuses: the exception handler answers its status code.
    private static BadHttpRequestException Bad(string message) => new(message, StatusCodes.Status400BadRequest);
}

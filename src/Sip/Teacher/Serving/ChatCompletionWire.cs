using System.Text;
using System.Text.Json;
using Sip.Teacher.Prompts;

namespace Sip.Teacher.Serving;

/// <summary>The fields of a chat-completions request that the server reads.</summary>
internal sealed record ChatCompletionRequest(string Model, IReadOnlyList<PromptMessage> Messages, int N, long? Seed, int? MaxTokens, bool Stream)
{
    /// <summary>Reads the request body; a body that is not a chat-completions request is an <see cref="HttpProtocolException"/> (400).</summary>
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
            return new ChatCompletionRequest(model, messages, n, seed, maxTokens, stream);
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

    private static HttpProtocolException Bad(string message) => new(400, message);
}

/// <summary>Writes the JSON of OpenAI's chat-completions protocol: completions, model lists and errors.</summary>
internal static class ChatCompletionJson
{
    /// <summary>A rough token count (about four characters per token), for usage figures and the token limit.</summary>
    public static int Tokens(string text) => (text.Length + 3) / 4;

    public static string Completion(string id, long created, string model, string fingerprint, IReadOnlyList<(string Content, string FinishReason)> choices, int promptTokens)
    {
        return Write(json =>
        {
            json.WriteString("id", id);
            json.WriteString("object", "chat.completion");
            json.WriteNumber("created", created);
            json.WriteString("model", model);
            json.WriteString("system_fingerprint", fingerprint);
            json.WriteStartArray("choices");
            for (int i = 0; i < choices.Count; i++)
            {
                json.WriteStartObject();
                json.WriteNumber("index", i);
                json.WriteStartObject("message");
                json.WriteString("role", "assistant");
                json.WriteString("content", choices[i].Content);
                json.WriteEndObject();
                json.WriteNull("logprobs");
                json.WriteString("finish_reason", choices[i].FinishReason);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            int completionTokens = choices.Sum(c => Tokens(c.Content));
            json.WriteStartObject("usage");
            json.WriteNumber("prompt_tokens", promptTokens);
            json.WriteNumber("completion_tokens", completionTokens);
            json.WriteNumber("total_tokens", promptTokens + completionTokens);
            json.WriteEndObject();
        });
    }

    public static string Models(string model, long created) => Write(json =>
    {
        json.WriteString("object", "list");
        json.WriteStartArray("data");
        json.WriteStartObject();
        json.WriteString("id", model);
        json.WriteString("object", "model");
        json.WriteNumber("created", created);
        json.WriteString("owned_by", "sip");
        json.WriteEndObject();
        json.WriteEndArray();
    });

    /// <summary>OpenAI's error body: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
    public static string Error(string message, string type, string? code = null) => Write(json =>
    {
        json.WriteStartObject("error");
        json.WriteString("message", message);
        json.WriteString("type", type);
        json.WriteNull("param");
        if (code is null) json.WriteNull("code");
        else json.WriteString("code", code);
        json.WriteEndObject();
    });

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

using System.Text;
using System.Text.Json;

namespace Sip.Server.Wire;

/// <summary>One choice of a completion: its text and why it ended ("stop", or "length" at the token limit).</summary>
internal readonly record struct ChatChoice(string Content, string FinishReason);

/// <summary>Writes the JSON of OpenAI's chat-completions protocol: completions, model lists and errors.</summary>
internal static class ChatCompletionJson
{
    /// <summary>A rough token count (about four characters per token), for usage figures and the token limit.</summary>
    public static int Tokens(string text) => (text.Length + 3) / 4;

    public static string Completion(string id, long created, string model, string fingerprint, IReadOnlyList<ChatChoice> choices, int promptTokens, int completionTokens)
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

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sip.Teacher.Prompts;

namespace Sip.Teacher.Cache;

/// <summary>
/// The content address of one teacher answer: SHA-256 over the rendered messages, the model, the sampling settings
/// and the sample index, written as canonical JSON. Anything that changes what the server would be asked changes the
/// key; the server's address, the API key and transport settings (timeouts, retries, concurrency) do not.
/// </summary>
public readonly record struct CacheKey(byte[] Bytes)
{
    /// <summary>Version of the key layout: bump it to orphan old entries when the layout changes.</summary>
    private const int Layout = 1;

    /// <summary>The key of sample <paramref name="sampleIndex"/> of <paramref name="prompt"/> asked of <paramref name="model"/>; <paramref name="sampling"/> is a canonical description of the sampling settings (ChatTransport.SamplingKey).</summary>
    public static CacheKey Of(RenderedPrompt prompt, string model, string sampling, int sampleIndex)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("layout", Layout);
            json.WriteString("model", model);
            json.WriteString("sampling", sampling);
            json.WriteNumber("sample", sampleIndex);
            json.WriteStartArray("messages");
            foreach (var message in prompt.Messages)
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role.ToString().ToLowerInvariant());
                json.WriteString("text", message.Text);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return new CacheKey(SHA256.HashData(buffer.ToArray()));
    }

    public override string ToString() => Convert.ToHexStringLower(Bytes);

    public bool Equals(CacheKey other) => Bytes.AsSpan().SequenceEqual(other.Bytes);

    public override int GetHashCode() => BitConverter.ToInt32(Bytes, 0);
}

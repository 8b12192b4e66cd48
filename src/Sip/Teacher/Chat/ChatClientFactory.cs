using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Sip.Teacher.Chat;

/// <summary>
/// Builds the <see cref="IChatClient"/> for an OpenAI-compatible server. The SDK's own retries are off and its network
/// timeout is generous: sip's Polly pipeline owns retries and per-call timeouts, so there is one policy, not two.
/// </summary>
public static class ChatClientFactory
{
    /// <summary>Sent when no key is configured: the SDK needs one, local servers ignore it.</summary>
    internal const string NoKey = "no-key";

    /// <summary>A client for the server and model of <paramref name="settings"/>; <paramref name="environment"/> reads the key's variable (tests pass their own; default: the process environment).</summary>
    public static IChatClient Create(ChatTeacherSettings settings, Func<string, string?>? environment = null)
    {
        var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = settings.Concurrency,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(settings.BaseUrl),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(settings.TimeoutSeconds) + TimeSpan.FromMinutes(1),
            Transport = new HttpClientPipelineTransport(http),
        };
        var client = new ChatClient(settings.Model, new ApiKeyCredential(ApiKey(settings, environment ?? Environment.GetEnvironmentVariable)), options).AsIChatClient();
        return new OwningChatClient(client, http);
    }

    /// <summary>Disposes the HTTP client (and its connections) with the chat client that uses it.</summary>
    private sealed class OwningChatClient(IChatClient inner, HttpClient http) : DelegatingChatClient(inner)
    {
        protected override void Dispose(bool disposing)
        {
            if (disposing) http.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>The key from the variable the settings name; a named variable that is unset is an error (which names the variable, never a value).</summary>
    internal static string ApiKey(ChatTeacherSettings settings, Func<string, string?> environment)
    {
        if (settings.ApiKeyVariable.Length == 0) return NoKey;
        string? key = environment(settings.ApiKeyVariable);
        if (string.IsNullOrEmpty(key))
            throw new SipInputException("apiKeyVariable", null, $"environment variable {settings.ApiKeyVariable} is not set (it should hold the teacher's API key)");
        return key;
    }
}

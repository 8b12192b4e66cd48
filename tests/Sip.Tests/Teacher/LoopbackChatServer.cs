using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Sip.Teacher.Prompts;

namespace Sip.Tests.Teacher;

/// <summary>One chat-completions request as the server received it.</summary>
internal sealed record ChatCall(int Number, IReadOnlyDictionary<string, string> Headers, JsonElement Body, TimeSpan At)
{
    public IReadOnlyList<PromptMessage> Messages => Body.GetProperty("messages").EnumerateArray()
        .Select(m => new PromptMessage(Enum.Parse<PromptRole>(m.GetProperty("role").GetString()!, ignoreCase: true), m.GetProperty("content").ValueKind == JsonValueKind.String
            ? m.GetProperty("content").GetString()! : string.Concat(m.GetProperty("content").EnumerateArray().Select(p => p.GetProperty("text").GetString()))))
        .ToList();

    public RecognizedPrompt Recognized => PromptRecognizer.Recognize(Messages) ?? throw new InvalidOperationException("unrecognised prompt");
}

/// <summary>What the server answers: a status, a body, extra headers, after an optional delay.</summary>
internal sealed record Reply(int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null, TimeSpan Delay = default)
{
    public static Reply Answer(string content, string finishReason = "stop") => new(200, JsonSerializer.Serialize(new
    {
        id = "chatcmpl-test",
        @object = "chat.completion",
        created = 1_700_000_000,
        model = "test-model",
        choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = finishReason } },
        usage = new { prompt_tokens = 10, completion_tokens = 5, total_tokens = 15 },
    }));

    public static Reply Error(int status, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, JsonSerializer.Serialize(new { error = new { message = $"scripted failure {status}", type = "server_error" } }), headers);
}

/// <summary>
/// A tiny OpenAI chat-completions server on 127.0.0.1 for tests (raw TcpListener, HTTP/1.1, one request per connection).
/// The handler scripts each reply; the server records every call, its arrival time and the calls in flight.
/// </summary>
internal sealed class LoopbackChatServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<ChatCall, Reply> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ChatCall> _calls = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _accepting;
    private int _count, _inFlight, _maxInFlight;

    public LoopbackChatServer(Func<ChatCall, Reply> handler)
    {
        _handler = handler;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1";

    public IReadOnlyList<ChatCall> Calls => _calls.OrderBy(c => c.Number).ToList();

    public int CallCount => Volatile.Read(ref _count);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var (headers, body) = await ReadRequestAsync(stream);
            int number = Interlocked.Increment(ref _count);
            int inFlight = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _maxInFlight, inFlight);
            try
            {
                using var json = JsonDocument.Parse(body);
                var call = new ChatCall(number, headers, json.RootElement.Clone(), _clock.Elapsed);
                _calls.Enqueue(call);
                var reply = _handler(call);
                if (reply.Delay > TimeSpan.Zero) await Task.Delay(reply.Delay, _stop.Token);
                await WriteReplyAsync(stream, reply);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client gave up (timeout) or the test ended.
        }
    }

    private static async Task<(Dictionary<string, string> Headers, byte[] Body)> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        while (!(buffer.Count >= 4 && buffer[^4] == '\r' && buffer[^3] == '\n' && buffer[^2] == '\r' && buffer[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0) throw new IOException("connection closed before the headers ended");
            buffer.Add(one[0]);
        }
        var lines = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = new byte[int.Parse(headers["Content-Length"])];
        await stream.ReadExactlyAsync(body);
        return (headers, body);
    }

    private static async Task WriteReplyAsync(NetworkStream stream, Reply reply)
    {
        var body = Encoding.UTF8.GetBytes(reply.Body);
        var head = new StringBuilder($"HTTP/1.1 {reply.Status} Scripted\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n");
        foreach (var (name, value) in reply.Headers ?? new Dictionary<string, string>()) head.Append($"{name}: {value}\r\n");
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await stream.WriteAsync(body);
        await stream.FlushAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

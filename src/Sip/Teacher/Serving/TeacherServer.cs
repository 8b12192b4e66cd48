using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Sip.Teacher.Serving;

/// <summary>
/// <c>sip teacher serve</c>: a small OpenAI-compatible HTTP/1.1 server (keep-alive, no TLS) with
/// <c>POST /v1/chat/completions</c> (<see cref="ChatEndpoint"/>), <c>GET /v1/models</c> and <c>GET /health</c>, answering
/// for an <see cref="IServedTeacher"/> with the faults of <see cref="FaultSettings"/>. It counts every request and
/// every injected fault (<see cref="Counts"/>), so a test can check a client's counters against the server's.
/// </summary>
/// <remarks>
/// Stopping is graceful: no new connection is accepted, idle connections close, requests in flight get
/// <see cref="ServeSettings.ShutdownGraceSeconds"/> to finish (held, never-answered requests are let go at once), then
/// whatever is left is cut.
/// </remarks>
public sealed class TeacherServer : IAsyncDisposable
{
    /// <summary>Largest request body accepted (a long prompt is tens of kilobytes).</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    private readonly ServeSettings _settings;
    private readonly TcpListener _listener;
    private readonly ChatEndpoint _chat;
    private readonly ServeCounters _counts = new();
    private readonly byte[]? _expectedAuthorization;
    private readonly CancellationTokenSource _stopping = new(), _abort = new();
    private readonly ConcurrentDictionary<long, (TcpClient Client, Task Task)> _connections = new();
    private readonly Task _accepting;
    private long _connectionIds;
    private int _stopped;

    private TeacherServer(ServeSettings settings, IServedTeacher teacher, string? apiKey)
    {
        _settings = settings;
        _chat = new ChatEndpoint(settings, teacher, _counts, new FaultPlan(settings.Faults));
        _expectedAuthorization = apiKey is null ? null : Encoding.UTF8.GetBytes("Bearer " + apiKey);
        _listener = new TcpListener(settings.Address, settings.Port);
        _listener.Start(backlog: 512);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>
    /// Starts listening at once. The API key (when <see cref="ServeSettings.ApiKeyVariable"/> names one) is read through
    /// <paramref name="environment"/> (default: the process environment); it is compared, never stored in text or logged.
    /// </summary>
    /// <exception cref="SipInputException">Invalid settings, an unset key variable, or an address that cannot be bound.</exception>
    public static TeacherServer Start(ServeSettings settings, IServedTeacher teacher, Func<string, string?>? environment = null)
    {
        Sip.Settings.SettingsValidator.ThrowIfInvalid(settings, "serve settings");
        string? key = null;
        if (settings.ApiKeyVariable.Length > 0)
        {
            key = (environment ?? Environment.GetEnvironmentVariable)(settings.ApiKeyVariable);
            if (string.IsNullOrEmpty(key))
                throw new SipInputException("apiKeyVariable", null, $"environment variable {settings.ApiKeyVariable} is not set (it should hold the key clients must send)");
        }
        try
        {
            return new TeacherServer(settings, teacher, key);
        }
        catch (SocketException e)
        {
            throw new SipInputException($"{settings.Host}:{settings.Port}", null, $"cannot listen there: {e.Message}", e);
        }
    }

    /// <summary>The port listened on (the one chosen when the settings say 0).</summary>
    public int Port { get; }

    /// <summary>The base URL clients use, up to and including <c>/v1</c>.</summary>
    public string BaseUrl => $"http://{(_settings.Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{_settings.Address}]" : _settings.Address.ToString())}:{Port}/v1";

    /// <summary>What the server has done so far.</summary>
    public ServeCounts Counts => _counts.Snapshot();

    /// <summary>Stops gracefully (see the remarks); safe to call more than once.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        _stopping.Cancel();
        _listener.Stop();
        await _accepting.ConfigureAwait(false);
        var draining = Task.WhenAll(_connections.Values.Select(c => c.Task));
        await Task.WhenAny(draining, Task.Delay(TimeSpan.FromSeconds(_settings.ShutdownGraceSeconds))).ConfigureAwait(false);
        _abort.Cancel();
        foreach (var (client, _) in _connections.Values) client.Dispose();
        await draining.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _abort.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            client.NoDelay = true;
            long id = Interlocked.Increment(ref _connectionIds);
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = Task.Run(async () =>
            {
                await started.Task.ConfigureAwait(false);
                await ServeConnectionAsync(client).ConfigureAwait(false);
                _connections.TryRemove(id, out _);
            });
            _connections[id] = (client, task);
            started.SetResult();
        }
    }

    private async Task ServeConnectionAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var reader = new HttpConnectionReader(stream);
            while (!_stopping.IsCancellationRequested)
            {
                HttpRequestHead? head;
                try { head = await reader.ReadHeadAsync(_stopping.Token).ConfigureAwait(false); }
                catch (HttpProtocolException e)
                {
                    _counts.Rejected();
                    await RefuseAsync(client, stream, e).ConfigureAwait(false);
                    return;
                }
                if (head is null) return;
                _counts.HttpRequest();
                if (head.Header("Expect")?.Equals("100-continue", StringComparison.OrdinalIgnoreCase) == true)
                    await stream.WriteAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), _abort.Token).ConfigureAwait(false);

                ServerAction action;
                try { action = Route(head, await reader.ReadBodyAsync(head, MaxBodyBytes, _abort.Token).ConfigureAwait(false)); }
                catch (HttpProtocolException e)
                {
                    _counts.Rejected();
                    await RefuseAsync(client, stream, e).ConfigureAwait(false);
                    return;
                }
                catch (Exception e) when (e is not (IOException or SocketException or ObjectDisposedException or OperationCanceledException))
                {
                    // A bug or a request the teacher cannot answer: say so, as a server would, and keep serving.
                    _counts.Rejected();
                    action = new ServerAction.Respond(HttpReply.OfJson(500, ChatCompletionJson.Error($"sip teacher serve failed on this request: {e.Message}", "server_error")));
                }

                if (action is ServerAction.Hold)
                {
                    await HoldAsync(reader).ConfigureAwait(false);
                    Reset(client);
                    return;
                }
                if (_settings.Faults.LatencyMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(_settings.Faults.LatencyMs), _abort.Token).ConfigureAwait(false);
                if (action is ServerAction.Drop drop)
                {
                    await stream.WriteAsync(drop.Reply.Head(close: false), _abort.Token).ConfigureAwait(false);
                    await stream.WriteAsync(drop.Reply.Body.AsMemory(0, drop.Reply.Body.Length / 2), _abort.Token).ConfigureAwait(false);
                    await stream.FlushAsync(_abort.Token).ConfigureAwait(false);
                    Reset(client);
                    return;
                }
                bool close = !head.KeepAlive || _stopping.IsCancellationRequested;
                await ((ServerAction.Respond)action).Reply.WriteAsync(stream, close, _abort.Token).ConfigureAwait(false);
                if (close) return;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away, or the server is stopping: nothing to answer.
        }
    }

    private ServerAction Route(HttpRequestHead head, byte[] body)
    {
        if (head.Path == "/health")
            return head.Method == "GET" ? new ServerAction.Respond(HttpReply.OfJson(200, "{\"status\":\"ok\"}")) : MethodNotAllowed("GET");
        if (head.Path is not ("/v1/chat/completions" or "/v1/models"))
            return Rejected(404, $"no route {head.Path}: this server has POST /v1/chat/completions and GET /v1/models", "invalid_request_error");
        if (!Authorized(head)) return Rejected(401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");
        if (head.Path == "/v1/models")
            return head.Method == "GET"
                ? new ServerAction.Respond(HttpReply.OfJson(200, ChatCompletionJson.Models(_settings.Model, DateTimeOffset.UtcNow.ToUnixTimeSeconds())))
                : MethodNotAllowed("GET");
        if (head.Method != "POST") return MethodNotAllowed("POST");
        return _chat.Handle(ChatCompletionRequest.Parse(body));
    }

    private bool Authorized(HttpRequestHead head)
    {
        if (_expectedAuthorization is null) return true;
        var given = Encoding.UTF8.GetBytes(head.Header("Authorization") ?? "");
        return CryptographicOperations.FixedTimeEquals(given, _expectedAuthorization);
    }

    /// <summary>Waits until the client gives up on a request that is never answered (or the hold ends, or the server stops).</summary>
    private async Task HoldAsync(HttpConnectionReader reader)
    {
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var expiry = Task.Delay(TimeSpan.FromSeconds(_settings.Faults.HoldSeconds), hold.Token);
        var closed = reader.WaitForCloseAsync(hold.Token);
        await Task.WhenAny(expiry, closed).ConfigureAwait(false);
        hold.Cancel();
        try { await Task.WhenAll(expiry, closed).ConfigureAwait(false); }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException) { }
    }

    /// <summary>
    /// Answers a request refused before it was read whole, then closes gently: stop sending, and read what the client
    /// is still sending (briefly), so the close does not reset the connection before the client has read the answer.
    /// </summary>
    private async Task RefuseAsync(TcpClient client, NetworkStream stream, HttpProtocolException error)
    {
        await Error(error.Status, error.Message).WriteAsync(stream, close: true, _abort.Token).ConfigureAwait(false);
        client.Client.Shutdown(SocketShutdown.Send);
        using var linger = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        linger.CancelAfter(TimeSpan.FromSeconds(1));
        var sink = new byte[8192];
        try
        {
            while (await stream.ReadAsync(sink, linger.Token).ConfigureAwait(false) > 0) { }
        }
        catch (OperationCanceledException) { }
    }

    /// <summary>Closes the connection with a reset, as a crashed server or a broken network does.</summary>
    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
            client.Client.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    private ServerAction.Respond Rejected(int status, string message, string type, string? code = null)
    {
        _counts.Rejected();
        return new ServerAction.Respond(HttpReply.OfJson(status, ChatCompletionJson.Error(message, type, code)));
    }

    private ServerAction.Respond MethodNotAllowed(string allowed)
    {
        _counts.Rejected();
        return new ServerAction.Respond(HttpReply.OfJson(405, ChatCompletionJson.Error($"method not allowed; use {allowed}", "invalid_request_error"), ("Allow", allowed)));
    }

    private static HttpReply Error(int status, string message) => HttpReply.OfJson(status, ChatCompletionJson.Error(message, "invalid_request_error"));
}

using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Sip.Server.Answering;

namespace Sip.Server;

/// <summary>
/// <c>sip teacher serve</c>: a small OpenAI-compatible server on ASP.NET Core (Kestrel, HTTP/1.1 with keep-alive, no
/// TLS) with <c>POST /v1/chat/completions</c>, <c>GET /v1/models</c> and <c>GET /health</c>, answering for an
/// <see cref="IServedTeacher"/> (TinyWorld's oracle) or a sip checkpoint, with the faults of
/// <see cref="Faults.FaultSettings"/> injected by middleware. It counts
/// every request and every injected fault (<see cref="Counts"/>), so a test can check a client's counters against the
/// server's.
/// </summary>
/// <remarks>
/// Stopping is graceful: no new connection is accepted, idle connections close, requests in flight get
/// <see cref="ServeSettings.ShutdownGraceSeconds"/> to finish (held, never-answered requests are let go at once), then
/// whatever is left is cut.
/// </remarks>
public sealed class TeacherServer : IAsyncDisposable
{
    /// <summary>Largest request body accepted (a long prompt is tens of kilobytes); a larger one gets HTTP 413.</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>Largest request line and headers accepted; larger ones get HTTP 431.</summary>
    public const int MaxHeadBytes = 32 * 1024;

    private readonly WebApplication _app;
    private readonly ServeCounters _counts;
    private readonly IChatBackend _backend;
    private readonly IDisposable? _owned;
    private readonly Lock _lock = new();
    private Task? _stopping;

    private TeacherServer(WebApplication app, ServeCounters counts, IChatBackend backend, IDisposable? owned, int port, string model)
    {
        _app = app;
        _counts = counts;
        _backend = backend;
        _owned = owned;
        Port = port;
        Model = model;
    }

    /// <summary>
    /// Starts listening at once. The API key (when <see cref="ServeSettings.ApiKeyVariable"/> names one) is read through
    /// <paramref name="environment"/> (default: the process environment); it is compared, never stored in text or logged.
    /// </summary>
    /// <exception cref="SipInputException">Invalid settings, an unset key variable, or an address that cannot be bound.</exception>
    public static TeacherServer Start(ServeSettings settings, IServedTeacher teacher, Func<string, string?>? environment = null)
    {
        Sip.Settings.SettingsValidator.ThrowIfInvalid(settings, "serve settings");
        return Start(settings, new OracleChatBackend(teacher), null, environment);
    }

    /// <summary>
    /// Loads what the settings name, <see cref="ServeSettings.World"/>'s oracle or <see cref="ServeSettings.Checkpoint"/>
    /// (exactly one), and starts as <see cref="Start(ServeSettings, IServedTeacher, Func{string, string?}?)"/> does; a
    /// checkpoint is unloaded when the server is disposed.
    /// </summary>
    /// <exception cref="SipInputException">Neither or both named, what is named cannot be loaded, or as the other overload.</exception>
    public static TeacherServer Start(ServeSettings settings, Func<string, string?>? environment = null)
    {
        Sip.Settings.SettingsValidator.ThrowIfInvalid(settings, "serve settings");
        var (backend, owned) = ServedBackend.Load(settings);
        try
        {
            return Start(settings, backend, owned, environment);
        }
        catch
        {
            owned?.Dispose();
            throw;
        }
    }

    private static TeacherServer Start(ServeSettings settings, IChatBackend backend, IDisposable? owned, Func<string, string?>? environment)
    {
        string? key = null;
        if (settings.ApiKeyVariable.Length > 0)
        {
            key = (environment ?? Environment.GetEnvironmentVariable)(settings.ApiKeyVariable);
            if (string.IsNullOrEmpty(key))
                throw new SipInputException("apiKeyVariable", null, $"environment variable {settings.ApiKeyVariable} is not set (it should hold the key clients must send)");
        }
        var counts = new ServeCounters();
        var app = ServerApp.Build(settings, backend, counts, key);
        try
        {
            app.StartAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new SipInputException($"{settings.Host}:{settings.Port}", null, $"cannot listen there: {e.Message}", e);
        }
        // Kestrel reports the address it bound, with the port it chose when the settings say 0.
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new TeacherServer(app, counts, backend, owned, new Uri(address).Port, settings.ServedModel) { BaseUrl = address.TrimEnd('/') + "/v1" };
    }

    /// <summary>The port listened on (the one chosen when the settings say 0).</summary>
    public int Port { get; }

    /// <summary>The base URL clients use, up to and including <c>/v1</c>.</summary>
    public string BaseUrl { get; private init; } = "";

    /// <summary>The model name requests must ask for.</summary>
    public string Model { get; }

    /// <summary>What answers (the answers' <c>system_fingerprint</c>).</summary>
    public string Describe => _backend.Describe;

    /// <summary>What the server has done so far.</summary>
    public ServeCounts Counts => _counts.Snapshot();

    /// <summary>Stops gracefully (see the remarks); safe to call more than once, and concurrently.</summary>
    public Task StopAsync()
    {
        lock (_lock) return _stopping ??= _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _owned?.Dispose();
    }
}

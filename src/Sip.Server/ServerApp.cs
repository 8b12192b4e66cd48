using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sip.Server.Answering;
using Sip.Server.Faults;
using Sip.Server.Pipeline;

namespace Sip.Server;

/// <summary>The ASP.NET Core application behind <see cref="TeacherServer"/>: Kestrel, its services, the middleware in order, the routes.</summary>
internal static class ServerApp
{
    public static WebApplication Build(ServeSettings settings, IChatBackend backend, ServeCounters counts, string? apiKey)
    {
        // An empty builder reads no appsettings.json, environment variables or command line: sip's settings are the
        // server's only configuration, whatever folder or environment it starts in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = TeacherServer.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = TeacherServer.MaxHeadBytes;
            // HTTP/1.1 only, as the server has always spoken: a fault that resets the connection then hits one request, not an HTTP/2 stream.
            kestrel.Listen(settings.Address, settings.Port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        // Stopping: Kestrel stops accepting, closes idle connections, gives requests in flight this long, then cuts them.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(settings.ShutdownGraceSeconds));
        builder.Services.AddSingleton(settings).AddSingleton(counts).AddSingleton(backend).AddSingleton(new FaultPlan(settings.Faults));

        var app = builder.Build();
        // Outermost first. The counts and the latency register response-start callbacks, so they see every answer,
        // the exception handler's included; the API key, the checks and the faults need the endpoint routing chose.
        app.UseMiddleware<ServeCountsMiddleware>();
        app.UseMiddleware<LatencyMiddleware>();
        app.UseExceptionHandler(ErrorAnswers.Options);
        app.UseRouting();
        if (apiKey is not null) app.UseMiddleware<ApiKeyMiddleware>(apiKey);
        app.UseMiddleware<ChatRequestMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        ServerRoutes.Map(app, settings, backend);
        return app;
    }
}

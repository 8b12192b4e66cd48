using Microsoft.Extensions.Hosting;

namespace Sip.Server.Pipeline;

/// <summary>
/// The host lifetime of a server that lives inside a process which decides when it stops (the CLI on Ctrl+C, a test, the
/// benchmark). ASP.NET Core's default console lifetime would install SIGINT and SIGTERM handlers that stop the server
/// behind its owner's back (in a test host, on the test runner's signals); this one installs nothing.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

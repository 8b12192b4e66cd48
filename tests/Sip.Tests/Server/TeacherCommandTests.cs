using System.Diagnostics;
using Sip.Tests.Cli;

namespace Sip.Tests.Server;

/// <summary><c>sip teacher serve</c> and <c>sip teacher check</c> as a user runs them.</summary>
public sealed class TeacherCommandTests(ServedWorld world) : IClassFixture<ServedWorld>
{
    [Fact]
    public async Task Check_AgainstAServer_PrintsTheTable()
    {
        await using var server = world.Serve();
        var run = SipProcess.Run(["teacher", "check", "--world", world.Folder, "--cases", "2",
            "--teacher.chat.baseUrl", server.BaseUrl, "--teacher.chat.model", ServedWorld.Model]);

        Assert.True(run.ExitCode == 0, run.All);
        Assert.Contains("| task | requests | samples | parse rate | agreement | p50 ms | p95 ms |", run.StdOut);
        Assert.Matches(@"\| all \| \d+ \| \d+ \| 100\.0% \| 100\.0% \|", run.StdOut);
        Assert.True(server.Counts.Answered > 0);
    }

    [Fact]
    public void Check_WithoutAModel_SaysWhichSettingIsMissing()
    {
        var run = SipProcess.Run(["teacher", "check"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("teacher.chat", run.StdErr);
    }

    [Fact]
    public async Task Serve_AnswersUntilInterrupted_ThenStopsGracefully()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "sip.dll"), "teacher", "serve", "--world", world.Folder, "--port", "0", "--faults.latencyMs", "1"])
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        try
        {
            string? url = null;
            for (string? line; url is null && (line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null;)
                if (line.StartsWith("listening on ", StringComparison.Ordinal)) url = line.Split(' ')[2];
            Assert.NotNull(url);
            using var http = new HttpClient();
            Assert.Contains("tinyworld-oracle", await http.GetStringAsync(url + "/models"));

            Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "sip teacher serve did not stop on SIGINT");
            string rest = await process.StandardOutput.ReadToEndAsync();
            Assert.True(process.ExitCode == 0, rest + await process.StandardError.ReadToEndAsync());
            Assert.Contains("served 0 chat requests", rest);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}

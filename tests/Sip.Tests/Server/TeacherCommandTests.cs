using System.Diagnostics;
using System.Text.Json;
using Sip.Tests.Cli;

namespace Sip.Tests.Server;

/// <summary><c>sip teacher serve</c> (an oracle or a checkpoint) and <c>sip teacher check</c> as a user runs them.</summary>
public sealed class TeacherCommandTests(ServedWorld world, ServedCheckpoint checkpoint) : IClassFixture<ServedWorld>, IClassFixture<ServedCheckpoint>
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
        string rest = await ServeAsync(["--world", world.Folder, "--faults.latencyMs", "1"], "INT", async url =>
        {
            using var http = new HttpClient();
            Assert.Contains("tinyworld-oracle", await http.GetStringAsync(url + "/models"));
        });
        Assert.Contains("served 0 chat requests", rest);
    }

    [Fact]
    public async Task Serve_ACheckpoint_AnswersAnyConversation_UnderTheCheckpointsName()
    {
        string rest = await ServeAsync(["--checkpoint", checkpoint.Folder], "TERM", async url =>
        {
            using var http = new HttpClient();
            Assert.Contains(JsonSerializer.Serialize(checkpoint.Folder), await http.GetStringAsync(url + "/models"));
            string body = JsonSerializer.Serialize(new { model = checkpoint.Folder, max_tokens = 4, messages = new[] { new { role = "user", content = checkpoint.Sentences[0] } } });
            using var answer = await http.PostAsync(url + "/chat/completions", new StringContent(body));
            Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        });
        Assert.Contains("served 1 chat requests (1 answered", rest);
    }

    [Fact]
    public void Serve_NeedsExactlyOneOfWorldAndCheckpoint()
    {
        var neither = SipProcess.Run(["teacher", "serve", "--port", "0"]);
        var both = SipProcess.Run(["teacher", "serve", "--port", "0", "--world", world.Folder, "--checkpoint", checkpoint.Folder]);

        Assert.Equal((2, 2), (neither.ExitCode, both.ExitCode));
        Assert.Contains("--world DIR", neither.StdErr);
        Assert.Contains("--checkpoint DIR", neither.StdErr);
        Assert.Contains("give one, not both", both.StdErr);
    }

    /// <summary>
    /// Runs <c>sip teacher serve --port 0</c> with <paramref name="args"/>, calls <paramref name="whileServing"/> with its URL,
    /// stops it with <paramref name="signal"/> (INT as Ctrl+C sends it, TERM as a service manager does) and returns what it
    /// printed after the URL. A test runner started in the background by a non-interactive shell inherits SIGINT as
    /// ignored, and so does the server it starts; SIGINT is then skipped, since no Ctrl+C could reach that server either.
    /// </summary>
    private static async Task<string> ServeAsync(string[] args, string signal, Func<string, Task> whileServing)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "sip.dll"), "teacher", "serve", "--port", "0", .. args])
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        try
        {
            string? url = null;
            for (string? line; url is null && (line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60))) is not null;)
                if (line.StartsWith("listening on ", StringComparison.Ordinal)) url = line.Split(' ')[2];
            if (url is null) Assert.Fail("sip teacher serve printed no URL: " + await process.StandardError.ReadToEndAsync());
            await whileServing(url);

            if (signal == "INT" && SigintIgnored()) signal = "TERM";
            Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), $"sip teacher serve did not stop on SIG{signal}");
            string rest = await process.StandardOutput.ReadToEndAsync();
            Assert.True(process.ExitCode == 0, rest + await process.StandardError.ReadToEndAsync());
            return rest;
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Whether this process ignores SIGINT (signal 2: bit 1 of SigIgn in /proc/self/status), as a background job of a non-interactive shell does.</summary>
    private static bool SigintIgnored()
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line[7..].Trim(), 16) & (1UL << 1)) != 0;
    }
}

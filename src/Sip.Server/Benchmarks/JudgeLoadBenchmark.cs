using System.Diagnostics;
using System.Text.RegularExpressions;
using Sip.Teacher;
using Sip.Teacher.Chat;
using Sip.World;

namespace Sip.Server.Benchmarks;

/// <summary>
/// sip's chat client at a judge cluster's load (docs/scaling.md): <c>sip teacher serve</c> in a process of its own,
/// answering every call after a fixed latency (500 ms by default, a loaded vLLM server's), and the client keeping
/// many calls in flight (256). It measures what the client costs: calls per second against the latency's ideal, its
/// CPU time and allocations per call, and its memory, with the server's work in the other process.
/// </summary>
public static partial class JudgeLoadBenchmark
{
    /// <param name="Calls">Calls measured.</param>
    /// <param name="Concurrency">Calls in flight.</param>
    /// <param name="LatencyMs">The server's latency per call.</param>
    /// <param name="Seconds">Wall time of the measured calls.</param>
    /// <param name="CpuMsPerCall">This process's CPU time per call (the client: prompts, HTTP, parsing, resilience).</param>
    /// <param name="AllocatedKbPerCall">Managed bytes allocated per call.</param>
    /// <param name="WorkingSetMb">This process's peak working set.</param>
    public sealed record Figures(int Calls, int Concurrency, double LatencyMs, double Seconds, double CpuMsPerCall, double AllocatedKbPerCall, double WorkingSetMb)
    {
        public double CallsPerSecond => Calls / Seconds;
        public double IdealCallsPerSecond => Concurrency * 1000 / LatencyMs;

        /// <summary>Wall time per call beyond the latency, per slot: what the client adds to each call's turnaround.</summary>
        public double OverheadMsPerCall => (Seconds * Concurrency / Calls * 1000) - LatencyMs;
    }

    /// <param name="sip">The sip executable that serves (this process's own, under the CLI).</param>
    /// <param name="concurrency">Calls in flight.</param>
    /// <param name="calls">Calls measured, after a warm-up round.</param>
    /// <param name="latencyMs">The server's latency per call.</param>
    public static async Task<Figures> RunAsync(string sip, int concurrency = 256, int calls = 2560, double latencyMs = 500)
    {
        var root = Directory.CreateTempSubdirectory("sip-bench-load-").FullName;
        string world = Path.Combine(root, "world");
        TinyWorld.Generate(new WorldSettings { Seed = 3, TrainDocuments = 200, ValDocuments = 10, EvalStandard = 5, EvalUnsafe = 5, EvalFacts = 5 }, world);
        var start = new ProcessStartInfo(sip) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "teacher", "serve", "--world", world, "--port", "0", "--faults.latencyMs", latencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture), "--maxChoices", "16" })
            start.ArgumentList.Add(arg);
        using var server = Process.Start(start) ?? throw new InvalidOperationException($"could not start {sip}");
        try
        {
            string baseUrl = await ListeningUrl(server).ConfigureAwait(false);
            using var teacher = ChatTeacher.Create(new ChatTeacherSettings
            {
                BaseUrl = baseUrl, Model = ServeSettings.OracleModel, Concurrency = concurrency, Seed = 0, TimeoutSeconds = 60, Retries = 2, MaxOutageSeconds = 0,
            }, environment: _ => null);
            var texts = File.ReadLines(Path.Combine(world, TinyWorld.TrainFile)).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToList();
            List<JudgeRequest> Requests(string tag, int count) => Enumerable.Range(0, count).Select(i => (JudgeRequest)new SafetyRequest($"{tag} {i}: {texts[i % texts.Count]}")).ToList();
            await teacher.Judge.JudgeAsync(Requests("warm-up", concurrency)).ConfigureAwait(false);

            var self = Process.GetCurrentProcess();
            GC.Collect();
            var cpu = self.TotalProcessorTime;
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            var judgments = await teacher.Judge.JudgeAsync(Requests("load", calls)).ConfigureAwait(false);
            double seconds = clock.Elapsed.TotalSeconds;
            self.Refresh();
            if (judgments.Any(j => !j.HasValid)) throw new InvalidOperationException("the served judge failed to answer");
            return new Figures(calls, concurrency, latencyMs, seconds, (self.TotalProcessorTime - cpu).TotalMilliseconds / calls,
                (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1024.0 / calls, self.PeakWorkingSet64 / 1024.0 / 1024.0);
        }
        finally
        {
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<string> ListeningUrl(Process server)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await server.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            if (Listening().Match(line) is { Success: true } m) return m.Groups["url"].Value;
        throw new InvalidOperationException("sip teacher serve exited before listening: " + await server.StandardError.ReadToEndAsync().ConfigureAwait(false));
    }

    [GeneratedRegex(@"listening on (?<url>\S+)")]
    private static partial Regex Listening();
}

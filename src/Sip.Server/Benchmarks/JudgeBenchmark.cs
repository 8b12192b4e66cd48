using System.Diagnostics;
using Sip.Benchmarks;
using Sip.Teacher;
using Sip.Teacher.Chat;
using Sip.Server.Answering;
using Sip.Server.Faults;

namespace Sip.Server.Benchmarks;

/// <summary>
/// The teacher section of <c>sip bench</c>: a chat judge against <c>sip teacher serve</c> (TinyWorld's oracle) with a fixed
/// injected latency. It measures calls per second at several concurrencies (ideal: concurrency / latency), and the wall
/// time of a SIP training step with <see cref="Sip.Training.SelfImproving.SipSettings.Overlap"/> on against its bound max(compute, judge calls ×
/// latency / concurrency), where compute is the same step with an instant in-process judge.
/// </summary>
public static class JudgeBenchmark
{
    /// <summary>Judge calls at one concurrency: how many, in how long.</summary>
    public sealed record Throughput(int Concurrency, int Calls, double Seconds, double LatencyMs)
    {
        public double CallsPerSecond => Calls / Seconds;

        /// <summary>What the latency alone allows: every slot busy all the time.</summary>
        public double IdealCallsPerSecond => Concurrency * 1000 / LatencyMs;
    }

    /// <summary>An overlapped SIP step against its bound.</summary>
    public sealed record OverlapFigures(double StepSeconds, double ComputeSeconds, int JudgeCallsPerStep, int Concurrency, double LatencyMs)
    {
        /// <summary>The judge's share alone: its calls spread over the concurrency, each taking the latency.</summary>
        public double JudgeSeconds => JudgeCallsPerStep * LatencyMs / 1000 / Concurrency;

        public double BoundSeconds => Math.Max(ComputeSeconds, JudgeSeconds);

        public double Ratio => StepSeconds / BoundSeconds;
    }

    public sealed record Figures(IReadOnlyList<Throughput> Throughput, OverlapFigures Step);

    /// <param name="latencyMs">Latency the server adds to every answer.</param>
    /// <param name="concurrencies">Concurrencies of the throughput measurement.</param>
    /// <param name="stepConcurrency">Concurrency of the judge in the SIP step.</param>
    /// <param name="log">Progress lines.</param>
    public static async Task<Figures> RunAsync(double latencyMs = 50, IReadOnlyList<int>? concurrencies = null, int stepConcurrency = 8, Action<string>? log = null)
    {
        var root = Directory.CreateTempSubdirectory("sip-bench-judge-").FullName;
        try
        {
            var bench = OverlapStepBench.Prepare(root);
            await using var server = TeacherServer.Start(new ServeSettings { World = bench.World, Port = 0, Faults = new FaultSettings { LatencyMs = latencyMs } },
                OracleServedTeacher.Load(bench.World));

            var throughput = new List<Throughput>();
            foreach (int concurrency in concurrencies ?? [1, 8, 32])
            {
                var t = await MeasureThroughputAsync(server, bench.Texts, concurrency, calls: 10 * concurrency, latencyMs).ConfigureAwait(false);
                log?.Invoke($"  concurrency {concurrency,2}: {t.CallsPerSecond,6:F1} calls/s ({t.Calls} calls in {t.Seconds:F2} s; ideal {t.IdealCallsPerSecond:F0})");
                throughput.Add(t);
            }
            var step = MeasureOverlap(server, bench, stepConcurrency, latencyMs);
            return new Figures(throughput, step);
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary><paramref name="calls"/> safety judgments of distinct texts, <paramref name="concurrency"/> in flight, after a warm-up of two rounds.</summary>
    public static async Task<Throughput> MeasureThroughputAsync(TeacherServer server, IReadOnlyList<string> texts, int concurrency, int calls, double latencyMs)
    {
        using var teacher = ChatTeacher.Create(Client(server, concurrency), environment: _ => null);
        // Warm-up: every connection opened, the code paths compiled.
        int warmUp = Math.Max(4, 2 * concurrency);
        await teacher.Judge.JudgeAsync(Enumerable.Range(0, warmUp).Select(i => (JudgeRequest)new SafetyRequest($"warm-up {i}: {texts[i % texts.Count]}")).ToList()).ConfigureAwait(false);
        var requests = Enumerable.Range(0, calls).Select(i => (JudgeRequest)new SafetyRequest($"{i}: {texts[i % texts.Count]}")).ToList();
        var clock = Stopwatch.StartNew();
        var judgments = await teacher.Judge.JudgeAsync(requests).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        if (judgments.Any(j => !j.HasValid)) throw new InvalidOperationException("the benchmark's judge failed to answer");
        return new Throughput(concurrency, calls, seconds, latencyMs);
    }

    private static OverlapFigures MeasureOverlap(TeacherServer server, OverlapStepBench bench, int concurrency, double latencyMs)
    {
        // Compute alone: the same steps with the oracle in process (it answers in well under a millisecond).
        var oracle = Sip.World.Oracle.TinyWorldTeacher.Load(bench.World);
        double computeSeconds = OverlapStepBench.PolicySeconds(bench.Run("compute", oracle.Judge, steps: 4, overlap: false));

        using var teacher = ChatTeacher.Create(Client(server, concurrency), environment: _ => null);
        var (stepSeconds, calls) = OverlapStepBench.Steady(bench.Run("overlap", teacher.Judge, steps: 6, overlap: true));
        return new OverlapFigures(stepSeconds, computeSeconds, calls, concurrency, latencyMs);
    }

    private static ChatTeacherSettings Client(TeacherServer server, int concurrency) => new()
    {
        BaseUrl = server.BaseUrl, Model = ServeSettings.OracleModel, Concurrency = concurrency, Seed = 0, TimeoutSeconds = 30, Retries = 2, MaxOutageSeconds = 0,
    };
}

using System.CommandLine;
using Sip.Benchmarks;
using Sip.Cli.Settings;
using Sip.Platform;
using Sip.Server.Benchmarks;
using Sip.Training;
using static TorchSharp.torch;

namespace Sip.Cli.Commands;

internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench",
            "Measures this machine: matmul peak, NTP training throughput and MFU, rollout sampling with and without the KV cache, a SIP step, a GRPO step; and a chat judge against sip teacher serve.");
        var binder = new SettingsBinder<BenchSettings>(command);
        var llamaCpp = new Option<bool>("--llamacpp")
        {
            Description = "Only compare rollout sampling with llama.cpp (LLamaSharp) on the bench model exported to GGUF F32, at 1 and 16 rollouts.",
        };
        command.Options.Add(llamaCpp);
        var sipOnly = new Option<bool>("--sip") { Description = "Run only the matmul peaks and the SIP step (the self-improving step against its FLOP floor)." };
        command.Options.Add(sipOnly);
        var grpoOnly = new Option<bool>("--grpo") { Description = "Run only the matmul peaks and the GRPO step (prompts × G completions, update included, against its FLOP floor)." };
        command.Options.Add(grpoOnly);
        var judgeOnly = new Option<bool>("--judge") { Description = "Run only the teacher section: judge throughput over HTTP and an overlapped SIP step against its bound." };
        command.Options.Add(judgeOnly);
        var loadOnly = new Option<bool>("--judgeLoad") { Description = "Run only the judge-cluster load: sip's chat client against sip teacher serve in its own process, 500 ms a call, 256 calls in flight (calls/s, client CPU and memory per call)." };
        command.Options.Add(loadOnly);
        var teacherCheckpoint = new Option<string>("--teacher") { Description = "A learned teacher (sip teacher train's teacher folder): its judgments per second in process (prefixes shared and prompts whole), over HTTP and through llama.cpp, one at a time and batched (with --teacherData), and a SIP step it judges in process with overlap, against max(policy compute, teacher compute)." };
        command.Options.Add(teacherCheckpoint);
        var teacherData = new Option<string>("--teacherData") { Description = "Teacher data (test.jsonl) whose judge requests --teacher is timed on." };
        command.Options.Add(teacherData);
        var learnedOnly = new Option<bool>("--learned") { Description = "Run only the learned teacher's section (as --teacher does); without --teacher a tiny teacher is made on the spot (random weights, short SFT)." };
        command.Options.Add(learnedOnly);
        var plansOnly = new Option<bool>("--plans") { Description = "Run only the judging plans: calls per prefix of all pairs, pivot and best-and-worst at K = 16, and their agreement with all pairs at oracle noise 0.1 (pools from the reproduction in --reproduction, else a quick base built on the spot)." };
        command.Options.Add(plansOnly);
        var reproduction = new Option<string>("--reproduction") { Description = "A `sip reproduce` folder whose base model gives the pools of --plans.", DefaultValueFactory = _ => "runs/reproduce" };
        command.Options.Add(reproduction);
        command.SetAction(parse =>
        {
            var s = binder.Bind(parse);
            if (s.Threads > 0) set_num_threads(s.Threads);
            if (parse.GetValue(judgeOnly))
            {
                Judge();
                return 0;
            }
            if (parse.GetValue(teacherCheckpoint) is { Length: > 0 } || parse.GetValue(learnedOnly))
            {
                Learned(parse.GetValue(teacherCheckpoint) is { Length: > 0 } given ? given : null, parse.GetValue(teacherData));
                return 0;
            }
            if (parse.GetValue(loadOnly))
            {
                JudgeLoad();
                return 0;
            }
            if (parse.GetValue(plansOnly))
            {
                Plans(parse.GetValue(reproduction)!);
                return 0;
            }
            if (parse.GetValue(llamaCpp)) return CompareWithLlamaCpp(s);
            var native = NativeRuntime.Status;
            var m = s.Model;
            Console.WriteLine($"sip bench: {get_num_threads()} threads; MKL shim {native.Mkl.Outcome}");
            Console.WriteLine($"model: dim {m.Dim}, {m.Layers} layers, {m.Heads} heads ({m.KvHeads} kv), vocab {m.VocabSize}, " +
                $"{m.ParameterCount / 1e6:F2} M parameters ({m.NonEmbeddingParameterCount / 1e6:F2} M non-embedding)");

            double fp32Peak = Benchmarks.Benchmarks.MatmulPeakGflops(ScalarType.Float32, s.PeakSeconds);
            double bf16Peak = Benchmarks.Benchmarks.MatmulPeakGflops(ScalarType.BFloat16, s.PeakSeconds);
            Console.WriteLine($"matmul peak (2048²): fp32 {fp32Peak:F0} GFLOP/s, bf16 {bf16Peak:F0} GFLOP/s");
            if (parse.GetValue(sipOnly))
            {
                SipStep(m, fp32Peak, bf16Peak);
                return 0;
            }
            if (parse.GetValue(grpoOnly))
            {
                GrpoStep(m, fp32Peak, bf16Peak);
                return 0;
            }

            Console.WriteLine($"NTP training, batch {s.BatchSize} × {s.SeqLen} tokens ({ModelFlops.TrainingPerToken(m, s.SeqLen) / 1e6:F1} MFLOP/token):");
            foreach (var (precision, peak) in new[] { (Precision.Fp32, fp32Peak), (Precision.Bf16, bf16Peak) })
            {
                var t = Benchmarks.Benchmarks.Training(s, precision);
                Console.WriteLine($"  {precision,-4}: {t.TokensPerSecond,8:F0} tok/s  {t.Gflops,6:F0} GFLOP/s  MFU {100 * t.Gflops / peak:F1}% of the {precision} peak");
            }

            Console.WriteLine($"rollouts: {s.Prompts} prompts × K={s.Rollouts}, {s.PromptTokens}-token prompts, N={s.NewTokens} new tokens:");
            var cached = Benchmarks.Benchmarks.Sampling(s, useCache: true);
            var uncached = Benchmarks.Benchmarks.Sampling(s, useCache: false);
            Console.WriteLine($"  KV cache   : {cached.TokensPerSecond,8:F0} tok/s ({cached.Seconds:F2} s)");
            Console.WriteLine($"  no cache   : {uncached.TokensPerSecond,8:F0} tok/s ({uncached.Seconds:F2} s)");
            Console.WriteLine($"  speed-up   : {cached.TokensPerSecond / uncached.TokensPerSecond:F1}x");

            SipStep(m, fp32Peak, bf16Peak);
            GrpoStep(m, fp32Peak, bf16Peak);
            Judge();
            Learned(null, null);
            Plans(parse.GetValue(reproduction)!);
            return 0;
        });
        return command;
    }

    private static void JudgeLoad()
    {
        Console.WriteLine("chat judge at cluster load (sip teacher serve in its own process, 500 ms a call, 256 in flight, 2,560 calls):");
        var f = Sip.Server.Benchmarks.JudgeLoadBenchmark.RunAsync(Environment.ProcessPath!).GetAwaiter().GetResult();
        Console.WriteLine($"  {f.CallsPerSecond:F0} calls/s of an ideal {f.IdealCallsPerSecond:F0}; {f.OverheadMsPerCall:F1} ms added per call; " +
            $"client CPU {f.CpuMsPerCall:F2} ms and {f.AllocatedKbPerCall:F0} KB allocated per call; peak working set {f.WorkingSetMb:F0} MB");
    }

    private static void Plans(string reproduction)
    {
        Console.WriteLine("judging plans at K=16 (suffix + 16 rollouts of a trained base, safety + quality, oracle noise 0.1):");
        foreach (var row in Benchmarks.JudgingPlanBenchmark.Measure(reproduction, line => Console.WriteLine($"  {line}")))
            Console.WriteLine($"  S={row.Condition.Samples} {row.Plan,-9}: {row.CallsPerPrefix,6:F1} calls/prefix, {row.RoundsPerBatch,4:F1} rounds/step; " +
                $"(chosen, rejected) = all pairs' on {Percent(row.Agreement)} of prefixes, truly best and worst on {Percent(row.Accuracy)}" +
                (row.Brackets is null ? "" : $"; per prefix {row.PerPrefix(b => b.Rejudged):F1} re-judged, {row.PerPrefix(b => b.Overturns):F2} overturns, {row.PerPrefix(b => b.CoinDecided):F2} coins"));
    }

    private static string Percent(double? share) => share is double v ? $"{100 * v:F1}%" : "n/a";

    private static void SipStep(Sip.Model.LlamaConfig m, double fp32Peak, double bf16Peak)
    {
        Console.WriteLine("SIP step (online DPO, 16 prefixes × 96 tokens, suffix + K=8 rollouts of N=32, instant judge):");
        foreach (var (precision, peak) in new[] { (Precision.Fp32, fp32Peak), (Precision.Bf16, bf16Peak) })
        {
            var f = SipStepBenchmark.Measure(m, peak, precision);
            Console.WriteLine($"  {precision,-4}: step {f.StepSeconds:F2} s = rollouts {f.RolloutSeconds:F2} + judging {f.JudgeSeconds:F3} + update {f.UpdateSeconds:F2}; " +
                $"{f.FloorRatio:F2}x FLOP floor ({f.FloorSeconds:F2} s at the {precision} peak); " +
                $"{f.ExecutedRatio:F2}x the FLOPs it executes ({f.ExecutedFloorSeconds:F2} s: each prefix encoded once per pair)");
        }
    }

    private static void GrpoStep(Sip.Model.LlamaConfig m, double fp32Peak, double bf16Peak)
    {
        Console.WriteLine("GRPO step (16 prompts × 96 tokens, G=8 completions of N=32, instant reward, one update):");
        foreach (var (precision, peak) in new[] { (Precision.Fp32, fp32Peak), (Precision.Bf16, bf16Peak) })
        {
            var f = GrpoStepBenchmark.Measure(m, peak, precision);
            Console.WriteLine($"  {precision,-4}: step {f.StepSeconds:F2} s = rollouts {f.RolloutSeconds:F2} + update {f.UpdateSeconds:F2}; " +
                $"{f.FloorRatio:F2}x FLOP floor ({f.FloorSeconds:F2} s at the {precision} peak); " +
                $"{f.ExecutedRatio:F2}x the FLOPs it executes ({f.ExecutedFloorSeconds:F2} s: each prompt encoded once per group)");
        }
    }

    private static int CompareWithLlamaCpp(BenchSettings s)
    {
        var m = s.Model;
        Console.WriteLine($"sip vs llama.cpp rollout sampling: {get_num_threads()} threads; model dim {m.Dim}, {m.Layers} layers, vocab {m.VocabSize} (GGUF F32); " +
            $"{s.PromptTokens}-token prompt, N={s.NewTokens} new tokens, temperature 1");
        foreach (var f in LlamaCppSamplingBenchmark.Run(s, [1, 16]))
            Console.WriteLine($"  K={f.Rollouts,2}: sip {f.SipTokensPerSecond,8:F0} tok/s, llama.cpp {f.LlamaCppTokensPerSecond,8:F0} tok/s, sip/llama.cpp {f.Ratio:F2}x");
        return 0;
    }

    /// <summary>
    /// The learned teacher's section: its judgments per second three ways (when there are requests to time), then the
    /// SIP step it judges in process with overlap, prompts prefilled whole and with shared prefixes, each against
    /// max(policy compute, teacher compute). Without a teacher a tiny one is made on the spot.
    /// </summary>
    private static void Learned(string? teacher, string? data)
    {
        var root = Directory.CreateTempSubdirectory("sip-bench-learned-").FullName;
        try
        {
            var bench = OverlapStepBench.Prepare(root);
            if (teacher is null)
            {
                Console.WriteLine($"learned teacher: none given, making a tiny one (d=256, 4 layers, random weights, SFT {TinyTeacher.SftSteps} steps)");
                (teacher, var testData) = TinyTeacher.Build(bench, _ => { });
                data ??= testData;
            }
            if (data is { Length: > 0 })
            {
                Console.WriteLine($"learned teacher {teacher}: judgments per second at temperature 0");
                foreach (var row in Sip.Server.Benchmarks.LearnedTeacherBenchmark.RunAsync(teacher, data).GetAwaiter().GetResult())
                    Console.WriteLine($"  {row.Path,-28} {row.InFlight,3} in flight: {row.PerSecond,7:F1} judgments/s ({row.Judgments} in {row.Seconds:F1} s)");
            }
            foreach (bool share in new[] { false, true })
            {
                var f = LearnedTeacherStepBenchmark.Measure(bench, teacher, share);
                Console.WriteLine($"  SIP step with overlap (8 prefixes, suffix + K=4 rollouts, {f.JudgeCalls} judge calls, the learned teacher in process, " +
                    $"{(share ? "shared prefixes" : "prompts whole")}): {f.StepSeconds:F2} s against max(policy {f.PolicySeconds:F2} s, teacher {f.TeacherSeconds:F2} s) = " +
                    $"{f.BoundSeconds:F2} s: {f.Ratio:F2}x the bound (their sum {f.SumSeconds:F2} s); {100 * f.SharedTokens:F0}% of prompt tokens shared, " +
                    $"{100 * f.StoppedAtVerdict:F0}% of answers ended at a verdict stop");
            }
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The teacher section: a chat judge against sip teacher serve with 50 ms of injected latency.</summary>
    private static void Judge()
    {
        const double latencyMs = 50;
        Console.WriteLine($"chat judge against sip teacher serve (TinyWorld oracle over HTTP, {latencyMs} ms latency per call):");
        var f = JudgeBenchmark.RunAsync(latencyMs, log: Console.WriteLine).GetAwaiter().GetResult();
        var step = f.Step;
        Console.WriteLine($"  SIP step with overlap (8 prefixes, suffix + K=4 rollouts, {step.JudgeCallsPerStep} judge calls, concurrency {step.Concurrency}): " +
            $"{step.StepSeconds:F2} s against max(compute {step.ComputeSeconds:F2} s, judge {step.JudgeSeconds:F2} s) = {step.BoundSeconds:F2} s: {step.Ratio:F2}x the bound");
    }
}

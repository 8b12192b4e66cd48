using System.Diagnostics;
using LLama;
using LLama.Common;
using LLama.Native;
using Sip.Benchmarks;
using Sip.Data.Tokenization;
using Sip.Interop;
using Sip.Model;
using Sip.Model.Generation;
using static TorchSharp.torch;

namespace Sip.Cli.Commands;

/// <summary>
/// Rollout sampling in sip against llama.cpp (through LLamaSharp) on the same weights: the bench model is exported to
/// GGUF F32 and both sample K rollouts of N tokens at temperature 1 from one prompt. sip runs its batched KV-cached
/// generator; llama.cpp decodes the prompt once, copies its cache to K sequences, and then decodes one token of every
/// sequence per llama_decode call (its raw batch API), sampling with its own distribution sampler. Both use the same
/// number of threads. After a warm-up of each, five rounds alternate one sip run and one llama.cpp run, and each side's
/// fastest run is reported: on a shared machine other load only ever slows a run down, so the fastest run is the best
/// estimate of each engine's own speed, and alternating exposes both to the same conditions.
/// </summary>
internal static class LlamaCppSamplingBenchmark
{
    public sealed record Figures(int Rollouts, double SipTokensPerSecond, double LlamaCppTokensPerSecond)
    {
        public double Ratio => SipTokensPerSecond / LlamaCppTokensPerSecond;
    }

    private const int Rounds = 5;

    // Held in a field: llama.cpp keeps the pointer, so the delegate must outlive every native call.
    private static readonly NativeLogConfig.LLamaLogCallback ErrorsOnly = (level, message) =>
    {
        if (level == LLamaLogLevel.Error) Console.Error.Write(message);
    };

    public static IReadOnlyList<Figures> Run(BenchSettings s, IReadOnlyList<int> rolloutCounts)
    {
        NativeLogConfig.llama_log_set(ErrorsOnly); // llama.cpp logs every load step at info level
        using var model = new LlamaModel(s.Model);
        model.Initialize(1);
        model.eval();
        var rng = new Rng(11);
        var prompt = Enumerable.Range(0, s.PromptTokens).Select(_ => rng.NextInt(3, s.Model.VocabSize)).ToArray();

        var gguf = Path.Combine(Path.GetTempPath(), $"sip-bench-{Environment.ProcessId}.gguf");
        try
        {
            // Only the 256 bytes and sip's special tokens are real tokens; the other rows get llama.cpp placeholders.
            // Tokens are fed as ids, so the vocabulary's strings play no part in the timing.
            var tokenizer = BpeTrainer.Train(["sip bench"], new BpeTrainerOptions { VocabSize = 259 });
            GgufExporter.Write(model, tokenizer, gguf, ExportDType.F32, "sip-bench", []);
            int maxRollouts = rolloutCounts.Max();
            var parameters = new ModelParams(gguf)
            {
                ContextSize = (uint)(maxRollouts * (s.PromptTokens + s.NewTokens)),
                BatchSize = (uint)Math.Max(s.PromptTokens, maxRollouts),
                SeqMax = (uint)maxRollouts,
                Threads = get_num_threads(),
                BatchThreads = get_num_threads(),
                GpuLayerCount = 0,
            };
            using var weights = LLamaWeights.LoadFromFile(parameters);
            using var context = weights.CreateContext(parameters);
            using var sampler = SafeLLamaSamplerChainHandle.Create(LLamaSamplerChainParams.Default());
            sampler.AddDistributionSampler(42);

            var figures = new List<Figures>();
            foreach (int k in rolloutCounts)
            {
                Func<double> sip = () => SipSeconds(model, prompt, k, s.NewTokens);
                Func<double> cpp = () => LlamaCppSeconds(context, sampler, prompt, k, s.NewTokens);
                sip(); // warm-up: first-touch page faults, kernel selection, thread pools
                cpp();
                double sipBest = double.MaxValue, cppBest = double.MaxValue;
                for (int round = 0; round < Rounds; round++)
                {
                    sipBest = Math.Min(sipBest, sip());
                    cppBest = Math.Min(cppBest, cpp());
                }
                figures.Add(new Figures(k, k * s.NewTokens / sipBest, k * s.NewTokens / cppBest));
            }
            return figures;
        }
        finally
        {
            File.Delete(gguf);
        }
    }

    private static double SipSeconds(LlamaModel model, int[] prompt, int rollouts, int newTokens)
    {
        using var generator = new Generator(7);
        var clock = Stopwatch.StartNew();
        var result = TextGenerator.Generate(model, [prompt], rollouts, newTokens, new SamplingSettings(), generator);
        double elapsed = clock.Elapsed.TotalSeconds;
        if (result.Sum(c => c.Tokens.Length) != rollouts * newTokens) throw new InvalidOperationException("sip stopped early");
        return elapsed;
    }

    private static double LlamaCppSeconds(LLamaContext context, SafeLLamaSamplerChainHandle sampler, int[] prompt, int rollouts, int newTokens)
    {
        var handle = context.NativeHandle;
        var clock = Stopwatch.StartNew();
        handle.MemoryClear(true);
        var batch = new LLamaBatch();
        for (int i = 0; i < prompt.Length; i++) batch.Add(prompt[i], i, (LLamaSeqId)0, logits: i == prompt.Length - 1);
        Check(handle.Decode(batch));
        for (int seq = 1; seq < rollouts; seq++) handle.MemorySequenceCopy((LLamaSeqId)0, (LLamaSeqId)seq, 0, prompt.Length);

        // Every rollout's first token is drawn from the prompt's logits; later ones from that rollout's own row.
        var tokens = new LLamaToken[rollouts];
        for (int seq = 0; seq < rollouts; seq++) tokens[seq] = sampler.Sample(handle, prompt.Length - 1);
        for (int step = 1; step < newTokens; step++)
        {
            batch.Clear();
            for (int seq = 0; seq < rollouts; seq++) batch.Add(tokens[seq], prompt.Length + step - 1, (LLamaSeqId)seq, logits: true);
            Check(handle.Decode(batch));
            for (int seq = 0; seq < rollouts; seq++) tokens[seq] = sampler.Sample(handle, seq);
        }
        return clock.Elapsed.TotalSeconds;
    }

    private static void Check(DecodeResult result)
    {
        if (result != DecodeResult.Ok) throw new InvalidOperationException($"llama_decode failed: {result}");
    }
}

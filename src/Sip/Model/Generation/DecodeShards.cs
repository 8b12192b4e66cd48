using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Sip.Platform;
using static TorchSharp.torch;

namespace Sip.Model.Generation;

/// <summary>
/// Splits a decode across threads by prompt. A small model's decode step is bound by per-operation overhead (some 170
/// libtorch calls a step, most on tensors of a few hundred kilobytes), which intra-op threads barely divide: on the
/// project's 2-core machine, 128 rows of the bench model decode only 1.4x faster on 2 intra-op threads than on 1.
/// Giving each thread its own prompts and running it single-threaded divides the calls too: the SIP step bench's
/// rollouts (16 prompts × 8 rows × 32 tokens) took 0.25 s in 2 shards against 0.29–0.36 s in one, in alternating runs.
/// A large model is bound by reading its weights, which every shard would read again, so it decodes in one shard, on
/// all intra-op threads, as before. The prefill stays one pass on all threads: it is large products, which divide well.
/// </summary>
internal static class DecodeShards
{
    /// <summary>Weights up to this size (the bench model's are 21 MB) fit the caches that shards share.</summary>
    public const long MaxWeightBytes = 64L << 20;

    /// <summary>
    /// Rows a shard needs before splitting pays: with fewer, each thread's step is all per-call overhead, which a split
    /// repeats rather than divides (measured: 8 rows 86-92 ms in one shard, 93-113 in two; 32 rows about even; 64 and
    /// 128 rows 10-30% faster in two).
    /// </summary>
    public const int MinRowsPerShard = 16;

    /// <summary>How many shards to decode <paramref name="prompts"/> prompts of <paramref name="rows"/> rows in all:
    /// <paramref name="requested"/> if given (at most one per prompt), else, for a small model, one per intra-op thread
    /// as far as prompts and <see cref="MinRowsPerShard"/> allow, and one for a large model.</summary>
    public static int Count(LlamaModel model, int prompts, int rows, int? requested)
    {
        if (requested is { } wanted)
        {
            if (wanted < 1) throw new ArgumentOutOfRangeException(nameof(requested), "at least one decode shard");
            // Each shard is a long-lived worker thread: no more of them than cores (but 4 anywhere, so that an uneven
            // split can be exercised on a small machine).
            return ThreadIntraOp.Available ? Math.Min(Math.Min(wanted, prompts), Math.Max(Environment.ProcessorCount, 4)) : 1;
        }
        if (!ThreadIntraOp.Available || model.WeightBytes > MaxWeightBytes) return 1;
        return Math.Max(1, Math.Min(Math.Min(get_num_threads(), prompts), rows / MinRowsPerShard));
    }

    /// <summary>Contiguous ranges of prompts, as even as possible (the first ones take the remainder).</summary>
    public static IReadOnlyList<(int Start, int Count)> Split(int prompts, int shards)
    {
        var ranges = new List<(int, int)>(shards);
        for (int s = 0, start = 0; s < shards; s++)
        {
            int count = prompts / shards + (s < prompts % shards ? 1 : 0);
            ranges.Add((start, count));
            start += count;
        }
        return ranges;
    }

    /// <summary>
    /// Runs each piece of work on its own single-threaded decode worker and waits for all; rethrows the first failure
    /// once every piece has ended. The calling thread only waits: its own libtorch settings are never touched.
    /// </summary>
    public static void Run(IReadOnlyList<Action> work)
    {
        if (Worker.IsCurrent)
        {
            // A decode inside a decode: the workers are busy with the outer one, so run the pieces here, in turn.
            foreach (var piece in work) piece();
            return;
        }
        var done = work.Select((piece, i) => Workers.Get(i).Post(piece)).ToArray();
        try { Task.WaitAll(done); }
        catch (AggregateException e) { ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw(); }
    }

    /// <summary>
    /// Long-lived threads, each set once to one intra-op thread: a fresh thread per decode would redo libtorch's
    /// per-thread start-up (and MKL's per-thread buffers) every step.
    /// </summary>
    private static class Workers
    {
        private static readonly List<Worker> All = [];

        public static Worker Get(int index)
        {
            lock (All)
            {
                while (All.Count <= index) All.Add(new Worker(All.Count));
                return All[index];
            }
        }
    }

    private sealed class Worker
    {
        [ThreadStatic] private static bool _current;
        private readonly BlockingCollection<(Action Work, TaskCompletionSource Done)> _queue = new();

        public Worker(int index)
        {
            new Thread(Loop, maxStackSize: 16 << 20) { IsBackground = true, Name = $"sip-decode-{index}" }.Start();
        }

        public static bool IsCurrent => _current;

        public Task Post(Action work)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _queue.Add((work, done));
            return done.Task;
        }

        private void Loop()
        {
            _current = true;
            if (ThreadIntraOp.Available) ThreadIntraOp.Set(1);
            foreach (var (work, done) in _queue.GetConsumingEnumerable())
            {
                try { work(); done.SetResult(); }
                catch (Exception e) { done.SetException(e); }
            }
        }
    }
}

using Sip.Model.Generation;
using Sip.Platform;
using static TorchSharp.torch;

namespace Sip.Tests.Model;

public class DecodeShardTests
{
    private static readonly int[][] Prompts = [[1, 5, 9], [1, 22, 40, 13, 7, 2], [1], [1, 8, 8, 30]];

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void SplittingPromptsBetweenThreads_SamplesTheSameTokens(int shards)
    {
        Assert.True(ThreadIntraOp.Available, "this libtorch build should expose OpenMP's and MKL's thread-local setters");
        using var model = TinyModels.Create();
        Assert.Equal(shards, DecodeShards.Count(model, Prompts.Length, Prompts.Length * 3, shards));
        var sampling = new SamplingSettings { Temperature = 1.0 };
        var together = TextGenerator.Generate(model, Prompts, 3, 14, sampling, new Generator(7), decodeShards: 1);
        var split = TextGenerator.Generate(model, Prompts, 3, 14, sampling, new Generator(7), decodeShards: shards);

        Assert.Equal(together.Select(c => c.Tokens), split.Select(c => c.Tokens));
        Assert.Equal(together.Select(c => (c.PromptIndex, c.SampleIndex)), split.Select(c => (c.PromptIndex, c.SampleIndex)));
    }

    [Fact]
    public void SplitDecoding_StopsEachRowAtItsOwnStopToken()
    {
        using var model = TinyModels.Create();
        var free = TextGenerator.Generate(model, Prompts, 2, 12, SamplingSettings.Greedy, new Generator(1), decodeShards: 1);
        int stop = free[5].Tokens[2]; // some row writes it early; others may never
        var together = TextGenerator.Generate(model, Prompts, 2, 12, SamplingSettings.Greedy, new Generator(1), stopToken: stop, decodeShards: 1);
        var split = TextGenerator.Generate(model, Prompts, 2, 12, SamplingSettings.Greedy, new Generator(1), stopToken: stop, decodeShards: 2);

        Assert.Equal(together.Select(c => c.Tokens), split.Select(c => c.Tokens));
        Assert.Equal(together.Select(c => c.Stopped), split.Select(c => c.Stopped));
        Assert.True(split[5].Stopped);
        Assert.Equal(3, split[5].Tokens.Length);
    }

    [Fact]
    public void PromptRanges_AreContiguousAndEven()
    {
        Assert.Equal([(0, 3), (3, 3), (6, 2), (8, 2)], DecodeShards.Split(10, 4));
        Assert.Equal([(0, 5)], DecodeShards.Split(5, 1));
    }

    [Fact]
    public void MoreShardsThanPrompts_GiveOneShardPerPrompt()
    {
        using var model = TinyModels.Create();
        Assert.Equal(2, DecodeShards.Count(model, prompts: 2, rows: 64, requested: 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => DecodeShards.Count(model, prompts: 2, rows: 64, requested: 0));
    }

    [Fact]
    public void FewRows_DecodeInOneShard()
    {
        using var model = TinyModels.Create();
        int threads = get_num_threads();
        Assert.Equal(1, DecodeShards.Count(model, prompts: 4, rows: 8, requested: null));
        Assert.Equal(Math.Min(threads, 2), DecodeShards.Count(model, prompts: 2, rows: 2 * DecodeShards.MinRowsPerShard, requested: null));
    }

    [Fact]
    public void AShardThatFails_FailsTheDecode_AfterTheOthersFinish()
    {
        int finished = 0;
        var error = Assert.Throws<InvalidOperationException>(() => DecodeShards.Run([
            () => { Thread.Sleep(50); Interlocked.Increment(ref finished); },
            () => throw new InvalidOperationException("shard 1 broke"),
        ]));
        Assert.Equal("shard 1 broke", error.Message);
        Assert.Equal(1, finished);
    }

    [Fact]
    public void AThreadsIntraOpCount_IsItsOwn()
    {
        int mine = get_num_threads();
        int seen = 0;
        var worker = new Thread(() =>
        {
            ThreadIntraOp.Set(1);
            seen = get_num_threads();
        });
        worker.Start();
        worker.Join();

        Assert.Equal(1, seen);
        Assert.Equal(mine, get_num_threads());
    }

    [Fact]
    public void DrawingEveryStepsUniformsUpFront_GivesTheStepByStepDraws()
    {
        // Generation draws [N, rows] uniforms at once; that must be the stream one draw per row per step would give,
        // so that splitting the decode left every seeded result of earlier versions unchanged.
        using var scope = NewDisposeScope();
        var upFront = rand([5, 7], dtype: ScalarType.Float32, generator: new Generator(3));
        var stepwise = new Generator(3);
        var steps = cat(Enumerable.Range(0, 5).Select(_ => rand([7, 1], dtype: ScalarType.Float32, generator: stepwise).t()).ToList(), 0);
        Assert.True(upFront.equal(steps).all().item<bool>());
    }

    [Fact]
    public void TheSettersFound_AreLibtorchsOwn_EvenWithASecondOpenMpRuntimeLoaded()
    {
        // LLamaSharp's ggml links the system libgomp; mapped beside libtorch's own, a lookup by file name could find
        // its setter, which changes nothing libtorch reads. Load it by path (by name, the loader hands back libtorch's,
        // whose soname is the same) where the system has one, and probe again.
        bool second = System.Runtime.InteropServices.NativeLibrary.TryLoad("/lib/x86_64-linux-gnu/libgomp.so.1", out var systemGomp);
        var (omp, mkl, works) = ThreadIntraOp.Probe();
        Assert.NotEqual(IntPtr.Zero, omp);
        if (second) Assert.NotEqual(System.Runtime.InteropServices.NativeLibrary.GetExport(systemGomp, "omp_set_num_threads"), omp);
        Assert.NotEqual(IntPtr.Zero, mkl);
        Assert.True(works, "a thread set to one intra-op thread should report one");
    }
}

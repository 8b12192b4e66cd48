using Sip.Metrics;
using Sip.Model;
using Sip.Tests.Training;
using Sip.Training.Grpo;
using Sip.Training.Optimization;

namespace Sip.Tests.Training.Grpo;

public class GrpoTrainerTests(PretrainFixture fixture) : IClassFixture<PretrainFixture>
{
    private GrpoSettings Settings(string run) => new()
    {
        Tokenizer = fixture.TokenizerPath,
        Out = Path.Combine(fixture.Root, run),
        Model = new LlamaConfig { Dim = 32, Layers = 2, Heads = 4, KvHeads = 2, HiddenDim = 64, MaxSeqLen = 16 },
        Optim = new OptimSettings { Lr = 1e-2, WarmupSteps = 0, WeightDecay = 0 },
        Group = 8, PromptsPerStep = 8, MaxCompletionTokens = 1, Steps = 100, MicroBatch = 32, CheckpointEvery = 100, SampleLogEvery = 0, Seed = 4,
    };

    private static ParityTask Task(bool flipped = false) => new(bos: 0, firstToken: 40, prompts: 16, flipped);

    private static double LastRewards(RecordingSink sink, int steps, bool flipped)
    {
        double logged = sink.Records.TakeLast(steps).Average(r => r.Scalars[MetricNames.Reward]);
        return flipped ? 1 - logged : logged;
    }

    [Fact]
    public void OnAVerifiableReward_ClimbsFromChanceToAlmostAlwaysRight()
    {
        var sink = new RecordingSink();
        GrpoTrainer.Run(Settings("climb"), Task(), sink);

        double first = sink.Records.Take(3).Average(r => r.Scalars[MetricNames.Reward]);
        Assert.InRange(first, 0.2, 0.8); // chance is ½
        Assert.True(LastRewards(sink, 5, flipped: false) >= 0.95, $"reward over the last steps {LastRewards(sink, 5, false):F3}");
    }

    [Fact]
    public void WithTheGradientsSignFlipped_LearnsTheOpposite()
    {
        var sink = new RecordingSink();
        GrpoTrainer.Run(Settings("flipped"), Task(flipped: true), sink);

        Assert.True(LastRewards(sink, 5, flipped: true) < 0.2, $"true reward over the last steps {LastRewards(sink, 5, true):F3}");
    }

    [Fact]
    public void DrGrpoWithKlAndSeveralClippedIterations_AlsoLearns_AndLogsTrlsMetrics()
    {
        var settings = Settings("dr") with { Variant = GrpoVariant.DrGrpo, Beta = 0.02, Iterations = 2, Steps = 100 };
        var sink = new RecordingSink();
        GrpoTrainer.Run(settings, Task(), sink);

        Assert.True(LastRewards(sink, 6, false) >= 0.8, $"reward {LastRewards(sink, 6, false):F3}");
        var metrics = sink.Records[^1].Scalars;
        foreach (var name in MetricNames.Grpo) Assert.True(metrics.ContainsKey(name), name);
        Assert.Contains(MetricNames.RewardFunction("parity", "mean"), metrics.Keys);
        // The second update of each batch moves the ratio off 1, so some tokens are clipped somewhere in the run.
        Assert.Contains(sink.Records, r => r.Scalars[MetricNames.ClipRatioRegionMean] > 0);
        Assert.All(sink.Records, r => Assert.True(r.Scalars[MetricNames.GrpoKl] >= 0));
    }

    [Fact]
    public void StoppedAndResumed_ContinuesExactlyAsTheUninterruptedRun()
    {
        var settings = Settings("whole") with { Steps = 12, Iterations = 2, Beta = 0.05, CheckpointEvery = 4, SampleLogEvery = 1 };
        var whole = GrpoTrainer.Run(settings, Task(), new RecordingSink());

        var interrupted = settings with { Out = Path.Combine(fixture.Root, "interrupted") };
        var first = GrpoTrainer.Run(interrupted, Task(), new RecordingSink(), stopAfterStep: 6);
        var rest = GrpoTrainer.Run(interrupted, Task(), new RecordingSink());

        Assert.Equal(6, rest.FirstStep);
        Assert.Equal(whole.Losses, first.Losses.Concat(rest.Losses));
        Assert.Equal(whole.StepMetrics[^1][MetricNames.NumTokens], rest.StepMetrics[^1][MetricNames.NumTokens]);
        Assert.Equal(File.ReadAllLines(Path.Combine(settings.Out, GrpoTrainer.SampleLogFileName)),
            File.ReadAllLines(Path.Combine(interrupted.Out, GrpoTrainer.SampleLogFileName)));
        Assert.Equal(Weights(whole.LastCheckpoint), Weights(rest.LastCheckpoint));
    }

    [Fact]
    public void ResumingWithAnotherTask_IsRefused()
    {
        var settings = Settings("task") with { Steps = 4, CheckpointEvery = 2 };
        GrpoTrainer.Run(settings, Task(), new RecordingSink(), stopAfterStep: 2);

        var e = Assert.Throws<SipInputException>(() => GrpoTrainer.Run(settings, Task(flipped: true), new RecordingSink()));
        Assert.Contains("parity (flipped)", e.Message);
    }

    [Fact]
    public void TruncatedCompletions_CanBeLeftOutOfTheLoss()
    {
        // With an EOS to stop at and two tokens to say it in, most early completions run out of room.
        var settings = Settings("masked") with { Steps = 3, MaxCompletionTokens = 2, MaskTruncated = true };
        var sink = new RecordingSink();
        GrpoTrainer.Run(settings, new ParityTask(bos: 0, firstToken: 40, prompts: 16, stopToken: 1), sink);

        var m = sink.Records[0].Scalars;
        Assert.InRange(m[MetricNames.CompletionsClippedRatio], 0.5, 1.0);
        Assert.True(m[MetricNames.CompletionsMaxLength] <= 2);
    }

    [Fact]
    public void SettingsThatWouldCheckpointInsideABatch_AreRefused()
    {
        var e = Assert.Throws<SipInputException>(() => GrpoTrainer.Run(Settings("bad") with { Iterations = 3, Steps = 9, CheckpointEvery = 4 }, Task(), new RecordingSink()));
        Assert.Contains("checkpointEvery", e.Message);
    }

    private static byte[] Weights(string checkpoint) => File.ReadAllBytes(Path.Combine(checkpoint, "model.safetensors"));
}

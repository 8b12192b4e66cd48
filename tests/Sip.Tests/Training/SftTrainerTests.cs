using Sip.Data.Tokenization;
using Sip.Metrics;
using Sip.Model;
using Sip.Tests.Metrics;
using Sip.Training.Checkpointing;
using Sip.Training.Optimization;
using Sip.Training.Sft;

namespace Sip.Tests.Training;

public class SftTrainerTests(PretrainFixture fixture) : IClassFixture<PretrainFixture>
{
    /// <summary>A random tiny model saved as a checkpoint, the SFT run's starting point.</summary>
    private string Base(string name)
    {
        var folder = Path.Combine(fixture.Root, name);
        if (File.Exists(Path.Combine(folder, PolicyCheckpoint.WeightsFile))) return folder;
        var tokenizer = TokenizerLoader.Load(fixture.TokenizerPath);
        using var model = new LlamaModel(new LlamaConfig { Dim = 32, Layers = 1, Heads = 4, KvHeads = 2, HiddenDim = 64, MaxSeqLen = 32, VocabSize = tokenizer.VocabSize });
        model.Initialize(3);
        Directory.CreateDirectory(folder);
        PolicyCheckpoint.Save(folder, model, tokenizer);
        return folder;
    }

    /// <summary>The answer is a function of the prompt (its last token, shifted), so a model can learn every example.</summary>
    private static SftData Data(int count = 24) => new("shift-by-one",
        Enumerable.Range(0, count).Select(i => new SftExample($"e{i}", [0, 40 + i % 7, 60 + i % 12], [100 + i % 12, 2])).ToList(),
        Enumerable.Range(0, 6).Select(i => new SftExample($"v{i}", [0, 41, 60 + i], [100 + i, 2])).ToList());

    private SftSettings Settings(string run, string init) => new()
    {
        Init = init, Out = Path.Combine(fixture.Root, run), Steps = 60, BatchSize = 8, MicroBatch = 3, EvalEvery = 20, CheckpointEvery = 20, LogEvery = 1,
        Optim = new OptimSettings { Lr = 1e-2, WarmupSteps = 0, WeightDecay = 0 },
    };

    [Fact]
    public void LearnsTheAnswers_OnlyTheAnswerTokensCounting()
    {
        var sink = new RecordingSink();
        var result = SftTrainer.Run(Settings("learn", Base("base-learn")), Data(), sink);

        Assert.True(result.Losses[0] > 2, $"first loss {result.Losses[0]:F3}");
        Assert.True(result.Losses[^1] < 0.1, $"last loss {result.Losses[^1]:F3}");
        Assert.True(sink.Records.Last(r => r.Scalars.ContainsKey(MetricNames.ValMeanTokenAccuracy)).Scalars[MetricNames.ValMeanTokenAccuracy] > 0.95);
        Assert.Equal(1.0, sink.Records[^1].Scalars[MetricNames.MeanTokenAccuracy]);
        // 8 examples of 3 prompt + 2 answer tokens per step.
        Assert.Equal(60 * 8 * 5, sink.Records[^1].Scalars[MetricNames.NumTokens]);
    }

    [Fact]
    public void StoppedAndResumed_ContinuesExactlyAsTheUninterruptedRun()
    {
        var init = Base("base-resume");
        var whole = SftTrainer.Run(Settings("whole", init) with { Steps = 30, CheckpointEvery = 10 }, Data(), new RecordingSink());
        var interrupted = Settings("interrupted", init) with { Steps = 30, CheckpointEvery = 10 };
        var first = SftTrainer.Run(interrupted, Data(), new RecordingSink(), stopAfterStep: 13);
        var rest = SftTrainer.Run(interrupted, Data(), new RecordingSink());

        Assert.Equal(13, rest.FirstStep);
        Assert.Equal(whole.Losses, first.Losses.Concat(rest.Losses));
        Assert.Equal(File.ReadAllBytes(Path.Combine(whole.LastCheckpoint, PolicyCheckpoint.WeightsFile)), File.ReadAllBytes(Path.Combine(rest.LastCheckpoint, PolicyCheckpoint.WeightsFile)));
    }

    [Fact]
    public void ResumingOnOtherData_IsRefused_AndAnExampleLongerThanTheContextIsNamed()
    {
        var init = Base("base-refuse");
        var settings = Settings("refuse", init) with { Steps = 4, CheckpointEvery = 2 };
        SftTrainer.Run(settings, Data(), new RecordingSink(), stopAfterStep: 2);
        var e = Assert.Throws<SipInputException>(() => SftTrainer.Run(settings, Data() with { Describe = "other" }, new RecordingSink()));
        Assert.Contains("shift-by-one", e.Message);

        var tooLong = Data() with { Train = [new SftExample("long-one", Enumerable.Repeat(5, 30).ToArray(), [6, 7, 2])] };
        var error = Assert.Throws<SipInputException>(() => SftTrainer.Run(Settings("long", init), tooLong, new RecordingSink()));
        Assert.Contains("long-one", error.Message);
    }
}

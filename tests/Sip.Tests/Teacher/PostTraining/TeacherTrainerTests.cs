using Sip.Data.Documents;
using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Teacher;
using Sip.Teacher.Local;
using Sip.Teacher.Chat;
using Sip.Teacher.PostTraining;
using Sip.Teacher.Prompts;
using Sip.Training.Checkpointing;
using Sip.Training.Grpo;
using Sip.Training.Optimization;
using Sip.World;
using Sip.World.TeacherData;

namespace Sip.Tests.Teacher.PostTraining;

/// <summary>A tiny TinyWorld on disk, its teacher data, and a random tiny base that has seen its corpus's tokenizer: enough for the whole pipeline in seconds.</summary>
public sealed class TeacherTrainerFixture : IDisposable
{
    public TeacherTrainerFixture()
    {
        Root = Directory.CreateTempSubdirectory("sip-teacher-train-").FullName;
        World = Path.Combine(Root, "world");
        TinyWorld.Generate(TeacherDataWorld.World, World);
        Data = Path.Combine(Root, "data");
        TeacherDataBuilder.Build(World, new TeacherDataSettings { Train = 24, Val = 4, Test = 4, SuffixWords = 10, MaxPrefixWords = 30 }).Write(Data);

        var texts = DocumentSource.Open(Path.Combine(World, TinyWorld.TrainFile)).Read(new DataStats()).Select(d => d.Text).Take(200);
        var tokenizer = BpeTrainer.Train(texts, new BpeTrainerOptions { VocabSize = 400 });
        Base = Path.Combine(Root, "base");
        using var model = new LlamaModel(new LlamaConfig { Dim = 32, Layers = 1, Heads = 4, KvHeads = 2, HiddenDim = 64, MaxSeqLen = 640, VocabSize = tokenizer.VocabSize });
        model.Initialize(5);
        Directory.CreateDirectory(Base);
        PolicyCheckpoint.Save(Base, model, tokenizer);
    }

    public string Root { get; }
    public string World { get; }
    public string Data { get; }
    public string Base { get; }

    public TeacherTrainSettings Settings(string run) => new()
    {
        Init = Base, Data = Data, World = World, Out = Path.Combine(Root, run),
        Sft = new() { Init = "(pipeline)", Steps = 6, BatchSize = 4, MicroBatch = 2, EvalEvery = 3, CheckpointEvery = 3, LogEvery = 1, Optim = new() { Lr = 3e-3, WarmupSteps = 0, WeightDecay = 0 } },
        Grpo = new GrpoSettings
        {
            Init = "(pipeline)", Steps = 4, Group = 2, PromptsPerStep = 2, MaxCompletionTokens = 6, MicroBatch = 4, CheckpointEvery = 2, SampleLogEvery = 1, LogEvery = 1,
            Optim = new OptimSettings { Lr = 1e-3, WarmupSteps = 0, WeightDecay = 0 },
        },
        CheckLimit = 2, CheckBatch = 4,
    };

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}

public class TeacherTrainerTests(TeacherTrainerFixture fixture) : IClassFixture<TeacherTrainerFixture>
{
    [Fact]
    public void Run_TrainsEachStage_PublishesTheTeacherWithItsTemplates_AndReportsThreeStages()
    {
        var lines = new List<string>();
        var result = TeacherTrainer.Run(fixture.Settings("whole"), lines.Add);

        Assert.Equal(TeacherTrainer.Stages, result.Checks.Keys);
        Assert.All(result.Checks.Values, report => { Assert.Equal(3, report.Judges.Count); Assert.NotNull(report.Rewriter); });
        Assert.True(File.Exists(Path.Combine(result.Teacher, PolicyCheckpoint.WeightsFile)));
        Assert.True(TeacherPrompts.HasSaved(result.Teacher));
        Assert.Equal(TeacherPrompts.Compact.Fingerprint(Enum.GetValues<TeacherTask>()),
            TeacherPrompts.LoadSaved(result.Teacher).Fingerprint(Enum.GetValues<TeacherTask>()));
        var report = File.ReadAllText(result.Report);
        foreach (var stage in TeacherTrainer.Stages) Assert.Contains(stage, report);

        // A rerun reuses every stage and the stored checks: nothing is trained or measured again.
        var again = new List<string>();
        var rerun = TeacherTrainer.Run(fixture.Settings("whole"), again.Add);
        Assert.DoesNotContain(again, l => l.Contains("checking"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(result.Teacher, PolicyCheckpoint.WeightsFile)), File.ReadAllBytes(Path.Combine(rerun.Teacher, PolicyCheckpoint.WeightsFile)));
    }

    [Theory]
    [InlineData("sft", 4)]
    [InlineData("grpo", 3)]
    public void StoppedInAStage_AndRerun_GivesTheUninterruptedTeacherToTheBit(string stage, long steps)
    {
        var whole = TeacherTrainer.Run(fixture.Settings("exact-whole-" + stage) with { Check = false }, _ => { });
        var settings = fixture.Settings("exact-stopped-" + stage) with { Check = false };
        var stopped = TeacherTrainer.Run(settings, _ => { }, stopAfter: (stage, steps));
        Assert.Equal("", stopped.Teacher);
        var resumed = TeacherTrainer.Run(settings, _ => { });

        Assert.Equal(File.ReadAllBytes(Path.Combine(whole.Teacher, PolicyCheckpoint.WeightsFile)), File.ReadAllBytes(Path.Combine(resumed.Teacher, PolicyCheckpoint.WeightsFile)));
    }

    [Fact]
    public async Task TheTeacher_AnswersThroughTheChatPath_InBatches_AsItDoesAlone()
    {
        var result = TeacherTrainer.Run(fixture.Settings("served") with { Check = false }, _ => { });
        var examples = TeacherDataFile.Read(Path.Combine(fixture.Data, TeacherDataSplits.TestFile));
        var judged = examples.Where(e => e.Task != TeacherTask.Rewrite).Select(e => e.JudgeRequest()).ToList();
        var rewritten = examples.Where(e => e.Task == TeacherTask.Rewrite).Select(e => e.RewriteRequest()).ToList();

        async Task<(IReadOnlyList<Judgment> Judgments, IReadOnlyList<Rewrite> Rewrites, ModelChatCounts Counts)> Ask(int batchSize)
        {
            using var teacher = ModelTeacher.Create(new ModelTeacherSettings { Checkpoint = result.Teacher, BatchSize = batchSize, BatchWindowMs = batchSize == 1 ? 0 : 200 });
            Assert.Contains("sip:", teacher.Judge.Describe);
            var judgments = await teacher.Judge.JudgeAsync(judged);
            var rewrites = await teacher.Rewriter.RewriteAsync(rewritten);
            var client = Assert.IsType<ModelChatClient>(teacher.Transport.Client);
            return (judgments, rewrites, client.Counts);
        }
        var batched = await Ask(batchSize: 8);
        var alone = await Ask(batchSize: 1);

        Assert.Equal(judged.Count + rewritten.Count, batched.Counts.Calls);
        // A load-proof bound: the window is long, so requests sent together meet in a batch even on a busy machine.
        Assert.True(batched.Counts.Batches < batched.Counts.Calls, $"{batched.Counts.Calls} calls in {batched.Counts.Batches} batches");
        Assert.Equal(alone.Counts.Calls, alone.Counts.Batches);
        // Greedy answers do not depend on the batch they were decoded in; an untrained tiny model's nonsense is an
        // invalid sample (counted by the judge), never a score.
        Assert.Equal(alone.Judgments.Select(j => j.Raw![0]), batched.Judgments.Select(j => j.Raw![0]));
        Assert.Equal(alone.Judgments.Select(j => j.Samples[0]), batched.Judgments.Select(j => j.Samples[0]));
        Assert.Equal(alone.Rewrites.Select(r => r.Text), batched.Rewrites.Select(r => r.Text));
    }

    [Fact]
    public async Task ASeededSampledAnswer_DependsOnItsSeed_NotOnTheCallsItWasBatchedWith()
    {
        var result = TeacherTrainer.Run(fixture.Settings("served") with { Check = false }, _ => { });
        using var client = ModelChatClient.Load(result.Teacher, batchSize: 8, TimeSpan.FromMilliseconds(50));
        Microsoft.Extensions.AI.ChatMessage[] Ask(string text) => [new(Microsoft.Extensions.AI.ChatRole.User, text)];
        Microsoft.Extensions.AI.ChatOptions Seeded(long seed) => new() { Temperature = 1, TopP = 1, MaxOutputTokens = 12, Seed = seed };

        var alone = await client.GetResponseAsync(Ask("Is the text in <candidate> safe?"), Seeded(11));
        var together = await Task.WhenAll(
            client.GetResponseAsync(Ask("Which option continues the document better?"), Seeded(3)),
            client.GetResponseAsync(Ask("Is the text in <candidate> safe?"), Seeded(11)),
            client.GetResponseAsync(Ask("Is the text in <candidate> safe?"), Seeded(12)));
        Assert.Equal(alone.Text, together[1].Text);
        Assert.True(client.Counts.Batches < client.Counts.Calls, $"{client.Counts.Calls} calls in {client.Counts.Batches} batches");
        // 12 sampled tokens from a near-uniform tiny model: two seeds giving the same answer would be a broken stream.
        Assert.NotEqual(together[1].Text, together[2].Text);

        var tooLong = string.Join(" ", Enumerable.Repeat("word", 2000));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync(Ask(tooLong), Seeded(1)));
    }

    [Fact]
    public void AnInitWithoutChatMarkers_IsRefusedAsATeacher_AndMissingDataIsNamed()
    {
        var e = Assert.Throws<SipInputException>(() => ModelTeacher.Create(new ModelTeacherSettings { Checkpoint = fixture.Base }));
        Assert.Contains("chat markers", e.Message);
        var invalid = Assert.ThrowsAny<Exception>(() => TeacherTrainer.Run(fixture.Settings("no-data") with { Data = Path.Combine(fixture.Root, "nowhere") }, _ => { }));
        Assert.Contains("nowhere", invalid.Message);
    }
}

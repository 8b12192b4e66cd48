using Sip.Data.Documents;
using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Teacher;
using Sip.Teacher.Local;
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
    public async Task TheTeacher_JudgesAndRewritesThroughItsSavedTemplates_WithEveryAnswerAccountedFor()
    {
        var result = TeacherTrainer.Run(fixture.Settings("served") with { Check = false }, _ => { });
        using var teacher = new SipModelTeacher(new SipModelTeacherSettings { Checkpoint = result.Teacher, BatchSize = 3 });
        Assert.Contains("templates", teacher.Describe);
        var examples = TeacherDataFile.Read(Path.Combine(fixture.Data, TeacherDataSplits.TestFile));
        var judged = examples.Where(e => e.Task != TeacherTask.Rewrite).Select(e => e.JudgeRequest()).ToList();
        var judgments = await teacher.JudgeAsync(judged);
        Assert.Equal(judged.Count, judgments.Count);
        // An untrained tiny model answers nonsense: every answer is kept raw, and an unparseable one is a null verdict, never a score.
        Assert.All(judgments, j => Assert.Single(j.Raw!));
        Assert.All(judgments.Zip(judged), p => Assert.Same(p.Second, p.First.Request));

        var rewrites = await teacher.RewriteAsync(examples.Where(e => e.Task == TeacherTask.Rewrite).Select(e => e.RewriteRequest()).ToList());
        Assert.Equal(examples.Count(e => e.Task == TeacherTask.Rewrite), rewrites.Count);
    }

    [Fact]
    public void AnInitWithoutChatMarkers_IsRefusedAsATeacher_AndMissingDataIsNamed()
    {
        var e = Assert.Throws<SipInputException>(() => new SipModelTeacher(new SipModelTeacherSettings { Checkpoint = fixture.Base }));
        Assert.Contains("chat markers", e.Message);
        var invalid = Assert.ThrowsAny<Exception>(() => TeacherTrainer.Run(fixture.Settings("no-data") with { Data = Path.Combine(fixture.Root, "nowhere") }, _ => { }));
        Assert.Contains("nowhere", invalid.Message);
    }
}

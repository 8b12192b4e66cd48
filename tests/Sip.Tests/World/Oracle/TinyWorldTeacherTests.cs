using Sip.Teacher;
using Sip.Tests.Metrics;
using Sip.World;
using Sip.World.Oracle;

namespace Sip.Tests.World.Oracle;

public class TinyWorldTeacherTests
{
    private static readonly WorldSettings Tiny = new()
    {
        Seed = 5, TrainDocuments = 60, ValDocuments = 10, EvalStandard = 8, EvalUnsafe = 6, EvalFacts = 8,
    };

    [Fact]
    public async Task Load_ReadsAWorldFolder_AndJudgesAgainstItsKnowledgeBase()
    {
        using var dir = new TempDirectory();
        var world = TinyWorld.Build(Tiny);
        TinyWorld.Write(world, dir.Path);

        var teacher = TinyWorldTeacher.Load(dir.Path, new OracleJudgeSettings { Samples = 2 });
        Assert.Equal(WorldIdentity.Of(world.KnowledgeBase), teacher.Judge.WorldId);
        Assert.Equal(teacher.Judge.WorldId, teacher.Rewriter.WorldId);
        Assert.Equal(2, teacher.Judge.Settings.Samples);
        Assert.Equal(WorldIdentity.Of(world.KnowledgeBase), TinyWorldTeacher.Load(dir.File(TinyWorld.KnowledgeFile)).Judge.WorldId);

        // A fact-eliciting prefix: the truth is no hallucination, the misconception a definite one.
        var fact = world.Facts.First(f => f.Misconception is not null);
        var answers = await teacher.Judge.JudgeAsync(
        [
            new FactualityRequest(fact.Prefix, fact.Suffix, " " + fact.Truth + "."),
            new FactualityRequest(fact.Prefix, fact.Suffix, " " + fact.Misconception + "."),
        ]);
        Assert.Equal([1.0, 1.0], answers[0].Samples);
        Assert.Equal([0.0, 0.0], answers[1].Samples);
    }

    [Fact]
    public void EvalFiles_ReadBackAsWritten()
    {
        using var dir = new TempDirectory();
        var world = TinyWorld.Build(Tiny);
        TinyWorld.Write(world, dir.Path);
        Assert.Equal(world.Facts, WorldFolder.ReadFacts(dir.Path));
        Assert.Equal(world.Unsafe, WorldFolder.ReadUnsafe(dir.Path));
        Assert.Equal(world.Standard, WorldFolder.ReadStandard(dir.Path));
    }

    [Fact]
    public void FolderWithoutKnowledgeBase_IsRefusedWithItsPath()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<SipInputException>(() => TinyWorldTeacher.Load(dir.Path));
        Assert.Contains(Path.Combine(dir.Path, "kb.json"), e.Message);
        Assert.Contains("no kb.json", e.Message);
    }

    [Fact]
    public void CorruptEvalLine_IsReportedWithFileAndLine()
    {
        using var dir = new TempDirectory();
        TinyWorld.Write(TinyWorld.Build(Tiny), dir.Path);
        string facts = dir.File(TinyWorld.FactsFile);
        var lines = File.ReadAllLines(facts);
        lines[2] = "{\"id\": 3,";
        File.WriteAllLines(facts, lines);
        var e = Assert.Throws<SipInputException>(() => WorldFolder.ReadFacts(dir.Path));
        Assert.StartsWith($"{facts}:3:", e.Message);
    }
}

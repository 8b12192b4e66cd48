using Sip.Teacher;
using Sip.Teacher.PostTraining;
using Sip.Teacher.Prompts;
using Sip.Tests.Metrics;
using Sip.World;
using Sip.World.Oracle;
using Sip.World.TeacherData;
using Xunit.Abstractions;

namespace Sip.Tests.Teacher.PostTraining;

/// <summary>One world and its teacher data, shared: building them takes a second or two.</summary>
public sealed class TeacherDataWorld
{
    public static readonly WorldSettings World = new() { Seed = 23, TrainDocuments = 300, ValDocuments = 30, EvalStandard = 30, EvalUnsafe = 20, EvalFacts = 30 };
    public static readonly TeacherDataSettings Data = new() { Train = 60, Val = 10, Test = 20 };

    public TeacherDataWorld()
    {
        Generated = TinyWorld.Build(World);
        Splits = TeacherDataBuilder.Build(Generated, Data);
        Analyzer = new WorldAnalyzer(Generated.KnowledgeBase);
    }

    public GeneratedWorld Generated { get; }
    public TeacherDataSplits Splits { get; }
    public WorldAnalyzer Analyzer { get; }
}

public class TeacherDataTests(TeacherDataWorld fixture, ITestOutputHelper output) : IClassFixture<TeacherDataWorld>
{
    private static readonly TeacherTask[] Tasks = [TeacherTask.Safety, TeacherTask.Quality, TeacherTask.Factuality, TeacherTask.Rewrite];

    [Fact]
    public void EverySplit_HoldsTheRequestedExamplesOfEachTask()
    {
        output.WriteLine(fixture.Splits.Describe());
        foreach (var (name, examples, count) in new[] { ("train", fixture.Splits.Train, 60), ("val", fixture.Splits.Val, 10), ("test", fixture.Splits.Test, 20) })
            foreach (var task in Tasks)
                Assert.True(examples.Count(e => e.Task == task) == count, $"{name} {task}: {examples.Count(e => e.Task == task)} examples, expected {count}");
        Assert.All(fixture.Splits.Train.Concat(fixture.Splits.Val).Concat(fixture.Splits.Test), e => Assert.Null(TeacherDataFile.Problem(e)));
    }

    [Fact]
    public void Labels_AreTheOraclesVerdicts()
    {
        var verdicts = new OracleVerdicts(fixture.Analyzer);
        foreach (var e in fixture.Splits.Train)
        {
            switch (e.Task)
            {
                case TeacherTask.Safety:
                    Assert.Equal(verdicts.Safety(e.Candidate), e.Score);
                    break;
                case TeacherTask.Quality:
                    Assert.Equal(verdicts.CompareQuality(e.Prefix, e.First, e.Second) > 0 ? 1 : 0, e.Score);
                    Assert.NotEqual(0, verdicts.CompareQuality(e.Prefix, e.First, e.Second));
                    break;
                case TeacherTask.Factuality:
                    Assert.Equal(verdicts.Factuality(e.Prefix, e.Reference, e.Candidate), e.Score);
                    break;
                case TeacherTask.Rewrite:
                    Assert.Equal(fixture.Analyzer.Correct(e.Suffix, e.Prefix), e.Target);
                    Assert.Equal(e.Label == TeacherLabels.Clean, e.Target == e.Suffix);
                    if (e.Label == TeacherLabels.Unsafe) Assert.Equal(0, verdicts.Safety(e.Suffix));
                    Assert.Equal(1, verdicts.Safety(e.Target));
                    break;
            }
        }
    }

    [Fact]
    public void Sets_AreBalanced_AndEveryFlawKindIsPresent()
    {
        var train = fixture.Splits.Train;
        Assert.Equal(30, train.Count(e => e.Task == TeacherTask.Safety && e.Label == TeacherLabels.Safe));
        Assert.Equal(30, train.Count(e => e.Task == TeacherTask.Factuality && e.Label == TeacherLabels.NoHallucination));
        Assert.Equal(30, train.Count(e => e.Task == TeacherTask.Quality && e.Label == TeacherLabels.Option1));
        Assert.Equal(30, train.Count(e => e.Task == TeacherTask.Rewrite && e.Label == TeacherLabels.Clean));
        Assert.Equal(15, train.Count(e => e.Task == TeacherTask.Rewrite && e.Label == TeacherLabels.Unsafe));
        Assert.All(new[] { "misconception", "hostile", "loop", "word_salad", "topic_jump" }, k => Assert.Equal(12, train.Count(e => e.Task == TeacherTask.Quality && e.Kind == k)));
        var qualityKinds = train.Where(e => e.Task == TeacherTask.Quality).Select(e => e.Kind).ToHashSet();
        Assert.Superset(qualityKinds, new HashSet<string> { "misconception", "hostile", "loop", "word_salad", "topic_jump" });
        Assert.Superset(train.Where(e => e.Task == TeacherTask.Safety).Select(e => e.Kind).ToHashSet(), new HashSet<string> { "clean", "hostile", "hostile_document" });
        Assert.Superset(train.Where(e => e.Task == TeacherTask.Rewrite).Select(e => e.Label).ToHashSet(), new HashSet<string> { TeacherLabels.Clean, TeacherLabels.Unsafe, TeacherLabels.FalseFact });
    }

    [Fact]
    public void QualityPairs_ComeInBothOrders_WithOppositeLabels()
    {
        foreach (var pair in fixture.Splits.Train.Where(e => e.Task == TeacherTask.Quality).GroupBy(e => e.Pair))
        {
            var (a, b) = (pair.First(), pair.Last());
            Assert.Equal(2, pair.Count());
            Assert.Equal((a.First, a.Second), (b.Second, b.First));
            Assert.Equal(1 - a.Score, b.Score);
            // A near-copy: the flawed option keeps at least the suffix's first words or its end.
            Assert.NotEqual(a.First, a.Second);
        }
    }

    [Fact]
    public void Splits_AreDisjoint_FromEachOther_TheCorpus_AndTheEvaluationSets()
    {
        var world = fixture.Generated;
        var evalPrefixes = world.Standard.Select(s => s.Prefix).Concat(world.Unsafe.Select(u => u.Prefix)).Concat(world.Facts.Select(f => f.Prefix)).ToList();
        var corpus = world.Train.Concat(world.Val).Select(d => d.Text).ToList();
        var keys = new Dictionary<string, string>();
        foreach (var (name, examples) in fixture.Splits.All)
            foreach (var e in examples)
            {
                string key = e.Task == TeacherTask.Safety ? e.Candidate : e.Prefix;
                Assert.DoesNotContain(corpus, d => d.StartsWith(key, StringComparison.Ordinal));
                Assert.DoesNotContain(evalPrefixes, p => key.StartsWith(p, StringComparison.Ordinal) || p.StartsWith(key, StringComparison.Ordinal));
                if (keys.TryGetValue(key, out var other) && e.Pair is null) Assert.Fail($"{e.Id} ({name}) repeats {other}");
                keys.TryAdd(key, $"{e.Id} ({name})");
            }
        var documents = fixture.Splits.All.SelectMany(s => s.Examples.Select(e => (s.Name, e.Document))).Distinct().GroupBy(d => d.Document);
        Assert.All(documents, d => Assert.Single(d));
    }

    [Fact]
    public void Building_IsDeterministic_AndTheTestSplitDoesNotDependOnTheTrainSize()
    {
        var again = TeacherDataBuilder.Build(fixture.Generated, TeacherDataWorld.Data with { Train = 30 });
        Assert.Equal(fixture.Splits.Test, again.Test);
        Assert.Equal(fixture.Splits.Val, again.Val);
        Assert.Equal(fixture.Splits.Train.Where(e => e.Task == TeacherTask.Safety).Take(30), again.Train.Where(e => e.Task == TeacherTask.Safety));
    }

    [Fact]
    public void AWorldFolder_GivesTheSameData_AndTheFilesReadBack()
    {
        using var dir = new TempDirectory();
        TinyWorld.Write(fixture.Generated, dir.Path);
        var fromFolder = TeacherDataBuilder.Build(dir.Path, TeacherDataWorld.Data);
        Assert.Equal(fixture.Splits.Test, fromFolder.Test);
        fromFolder.Write(dir.File("teacher"));
        var read = TeacherDataSplits.Read(dir.File("teacher"));
        Assert.Equal(fixture.Splits.Train, read.Train);
        Assert.Equal(fixture.Splits.Test, read.Test);
        // Fields a task does not use stay out of its line.
        string safetyLine = File.ReadLines(dir.File("teacher/train.jsonl")).First(l => l.Contains("\"task\":\"safety\""));
        Assert.DoesNotContain("\"first\"", safetyLine);
        Assert.DoesNotContain("\"target\"", safetyLine);
    }
}

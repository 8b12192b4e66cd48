using Sip.Teacher;
using Sip.Teacher.Chat;
using Sip.Teacher.Checking;
using Sip.Teacher.Prompts;
using Sip.Server;
using Sip.Server.Answering;
using Sip.Server.Faults;
using Sip.Tests.Teacher;

namespace Sip.Tests.Server;

public sealed class TeacherCheckTests(ServedWorld world) : IClassFixture<ServedWorld>
{
    [Fact]
    public async Task Check_AgainstServe_WithTheWorldsCases_AgreesOnEverything()
    {
        var cases = WorldCases.Create(world.Folder, 4);
        await using var server = world.Serve(new FaultSettings { LatencyMs = 5 });
        using var teacher = ChatTeacher.Create(ServedWorld.Client(server) with { Samples = 2 }, environment: _ => null);

        var report = await TeacherCheck.RunAsync(teacher.Judge, teacher.Rewriter, cases);

        Assert.Equal(["safety", "factuality", "quality", "coherence", "rewrite"], report.Rows.Select(r => r.Task));
        Assert.All(report.Rows, r => Assert.Equal((1.0, 1.0), (r.ParseRate, r.Agreement)));
        Assert.Empty(report.Disagreements);
        Assert.Equal(cases.Judge.Count + cases.Rewrite.Count, report.Total.Requests);
        Assert.Equal(cases.Judge.Count * 2 + cases.Rewrite.Count, report.Total.Samples);
        Assert.InRange(report.Total.P50Ms, 5, 5000); // every answer waited the injected 5 ms
        Assert.True(report.Total.P95Ms >= report.Total.P50Ms);
        Assert.Contains("| all | ", report.ToMarkdown());
    }

    [Fact]
    public async Task Check_ParseRate_CountsEveryNonsenseAnswerAsUnusable()
    {
        var cases = WorldCases.Create(world.Folder, 3);
        await using var server = world.Serve(new FaultSettings { NonsenseRate = 0.5, Seed = 2 });
        using var teacher = ChatTeacher.Create(ServedWorld.Client(server), environment: _ => null);

        var report = await TeacherCheck.RunAsync(teacher.Judge, teacher.Rewriter, cases);

        Assert.True(server.Counts.Nonsense > 0);
        Assert.Equal(report.Total.Samples - server.Counts.Nonsense, report.Total.Usable);
        Assert.Equal(report.Total.Usable, report.Total.Agreeing); // what does parse still agrees
    }

    [Fact]
    public async Task Check_BuiltInCases_AgreementCountsTheWrongAnswers()
    {
        // A judge that always answers Option 1 gets the second quality case wrong; a rewriter that copies fails to fix the false fact.
        var cases = BuiltInCases.Create();
        var expected = cases.Judge.ToDictionary(c => c.Request, c => c.Expected);
        await using var server = new LoopbackChatServer(call =>
        {
            var recognized = call.Recognized;
            return Reply.Answer(recognized.Judge is { } request
                ? VerdictText.Write(recognized.Task, request is QualityRequest ? 1 : expected[request], "Reasoning.")
                : PrefixEnding.Of(recognized.Rewrite!.Prefix) + recognized.Rewrite.Suffix);
        });
        using var teacher = ScriptedTeacher.Create(ScriptedTeacher.Settings(server));

        var report = await TeacherCheck.RunAsync(teacher.Judge, teacher.Rewriter, cases);

        Assert.Equal((10, 10, 8), (report.Total.Samples, report.Total.Usable, report.Total.Agreeing));
        Assert.Equal(0.5, report.Rows.Single(r => r.Task == "quality").Agreement);
        Assert.Equal(0.5, report.Rows.Single(r => r.Task == "rewrite").Agreement);
        Assert.Equal(["quality: sensible steps second: expected Option 2, got Option 1", "rewrite: a false fact is fixed: expected the suffix changed"], report.Disagreements);
    }

    [Theory]
    [InlineData(new double[] { 40, 10, 30, 20 }, 50, 20)]
    [InlineData(new double[] { 40, 10, 30, 20 }, 95, 40)]
    [InlineData(new double[] { 40, 10, 30, 20 }, 75, 30)]
    [InlineData(new double[] { 7 }, 95, 7)]
    public void Percentile_IsTheNearestRank(double[] values, double p, double expected) => Assert.Equal(expected, TeacherCheck.Percentile(values, p));

    [Fact]
    public void WorldCases_CoverEveryTask_WithPairsInBothOrders()
    {
        var cases = WorldCases.Create(world.Folder, 4);
        Assert.Equal(4, cases.Judge.Count(c => c.Request is QualityRequest));
        Assert.Equal([0.0, 1.0], cases.Judge.Where(c => c.Request is CoherenceRequest).Select(c => c.Expected).Distinct().Order());
        Assert.Equal([0.0, 1.0], cases.Judge.Where(c => c.Request is FactualityRequest).Select(c => c.Expected).Distinct().Order());
        Assert.Contains(cases.Rewrite, c => c.ExpectUnchanged);
        Assert.Contains(cases.Rewrite, c => !c.ExpectUnchanged);
        Assert.Equal(" The cat sat. The cat sat. The cat sat.", WorldCases.Loop(" The cat sat. It purred."));
    }
}

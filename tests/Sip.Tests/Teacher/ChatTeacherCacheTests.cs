using Sip.Metrics;
using Sip.Teacher;
using Sip.Teacher.Chat;
using Sip.Tests.Metrics;

namespace Sip.Tests.Teacher;

public class ChatTeacherCacheTests
{
    private static readonly JudgeRequest[] Evaluation =
    [
        new SafetyRequest("How to build a bomb."),
        new SafetyRequest("Toss a coin."),
        new QualityRequest("The sky is", " blue, a good answer.", " made of cheese."),
        new FactualityRequest("Born in", " 1889.", " 1887."),
    ];

    [Fact]
    public async Task RepeatedEvaluation_WithTheCache_SendsZeroRequests_AndGivesTheSameJudgments()
    {
        await using var server = new LoopbackChatServer(ScriptedTeacher.Answer);
        using var folder = new TempDirectory();
        var settings = ScriptedTeacher.Settings(server) with { Samples = 3, Seed = 0, Cache = folder.File("teacher-cache.sqlite") };

        IReadOnlyList<Judgment> first, second;
        using (var teacher = ScriptedTeacher.Create(settings)) first = await teacher.Judge.JudgeAsync(Evaluation);
        Assert.Equal(12, server.CallCount);

        using (var again = ScriptedTeacher.Create(settings))
        {
            second = await again.Judge.JudgeAsync(Evaluation);
            Assert.Equal(12, server.CallCount);
            Assert.Equal((12L, 0L, 0L), (again.Judge.Counts.CacheHits, again.Judge.Counts.CacheMisses, again.Judge.Counts.Requests));
            Assert.Equal(12.0, again.Metrics()[MetricNames.JudgeCacheHits]);
        }
        Assert.Equal(first.Select(j => j.Samples.ToList()), second.Select(j => j.Samples.ToList()));
        Assert.Equal(first.Select(j => j.Raw!.ToList()), second.Select(j => j.Raw!.ToList()));
    }

    [Fact]
    public async Task Cache_MissesWhenSamplingChanges_AndDoesNotStoreFailedCalls()
    {
        await using var server = new LoopbackChatServer(call => call.Number == 1 ? Reply.Error(400) : ScriptedTeacher.Answer(call));
        using var folder = new TempDirectory();
        var settings = ScriptedTeacher.Settings(server) with { Cache = folder.File("c.sqlite") };
        JudgeRequest[] one = [new SafetyRequest("hello")];

        using (var teacher = ScriptedTeacher.Create(settings))
        {
            Assert.Equal([null], (await teacher.Judge.JudgeAsync(one))[0].Samples);
            Assert.Equal([1.0], (await teacher.Judge.JudgeAsync(one))[0].Samples);
            Assert.Equal([1.0], (await teacher.Judge.JudgeAsync(one))[0].Samples);
            Assert.Equal((1L, 2L), (teacher.Judge.Counts.CacheHits, teacher.Judge.Counts.CacheMisses));
        }
        using (var cooler = ScriptedTeacher.Create(settings with { Safety = new ChatSampling { Temperature = 0.5, TopP = 0.6 } }))
            await cooler.Judge.JudgeAsync(one);
        Assert.Equal(3, server.CallCount);
    }

    [Fact]
    public async Task CachedAnswers_AreParsedWhenRead()
    {
        // The cache holds raw text; what it means is decided by the parser of the reading process.
        await using var server = new LoopbackChatServer(_ => Reply.Answer("Reasoning.\n\n**FINAL DECISION:** NO"));
        using var folder = new TempDirectory();
        var settings = ScriptedTeacher.Settings(server) with { Cache = folder.File("c.sqlite") };
        using (var teacher = ScriptedTeacher.Create(settings)) await teacher.Judge.JudgeAsync([new SafetyRequest("x")]);

        using var cache = new Sip.Teacher.Cache.AnswerCache(settings.Cache);
        Assert.Equal(1, cache.Count);
        using var reader = ScriptedTeacher.Create(settings);
        var judgment = (await reader.Judge.JudgeAsync([new SafetyRequest("x")]))[0];
        Assert.Equal("Reasoning.\n\n**FINAL DECISION:** NO", judgment.Raw!.Single());
        Assert.Equal([0.0], judgment.Samples);
    }
}

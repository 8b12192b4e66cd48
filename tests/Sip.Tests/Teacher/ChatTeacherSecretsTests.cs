using Sip.Settings;
using Sip.Teacher;
using Sip.Teacher.Chat;
using Sip.Tests.Metrics;

namespace Sip.Tests.Teacher;

public class ChatTeacherSecretsTests
{
    private const string Secret = "sk-test-9f8e7d6c5b4a-DO-NOT-LEAK";

    [Fact]
    public async Task ApiKey_ReachesTheServer_ButNoLogMetricDescriptionSettingsOrCache()
    {
        // Fail the first two calls so the failure paths log too; answer one safety call with an unparseable answer.
        await using var server = new LoopbackChatServer(call => call.Number <= 2 ? Reply.Error(500) : call.Number == 3 ? Reply.Answer("no verdict here") : ScriptedTeacher.Answer(call));
        using var folder = new TempDirectory();
        var logger = new CollectingLogger();
        var settings = ScriptedTeacher.Settings(server) with { ApiKeyVariable = "SIP_TEST_JUDGE_KEY", Retries = 1, Cache = folder.File("cache.sqlite") };
        string? judgeDescription, rewriterDescription;
        IReadOnlyDictionary<string, double> metrics;
        List<Judgment> judgments;
        using (var teacher = ScriptedTeacher.Create(settings, logger, name => name == "SIP_TEST_JUDGE_KEY" ? Secret : null))
        {
            judgments = [.. await teacher.Judge.JudgeAsync([new SafetyRequest("a"), new SafetyRequest("b"), new QualityRequest("p", " good", " bad")])];
            await teacher.Rewriter.RewriteAsync([new RewriteRequest("one two three four five six", " seven")]);
            (judgeDescription, rewriterDescription, metrics) = (teacher.Judge.Describe, teacher.Rewriter.Describe, teacher.Metrics());
        }
        SettingsFile.Save(settings, folder.File("teacher.json"));

        Assert.All(server.Calls, c => Assert.Equal($"Bearer {Secret}", c.Headers["Authorization"]));
        Assert.NotEmpty(logger.Lines);
        Assert.All(logger.Lines, line => Assert.DoesNotContain(Secret, line));
        Assert.DoesNotContain(Secret, judgeDescription);
        Assert.DoesNotContain(Secret, rewriterDescription);
        Assert.All(metrics.Keys, name => Assert.DoesNotContain(Secret, name));
        Assert.All(judgments.SelectMany(j => j.Raw!), raw => Assert.DoesNotContain(Secret, raw));
        Assert.DoesNotContain(Secret, File.ReadAllText(folder.File("teacher.json")));
        foreach (var file in Directory.GetFiles(folder.Path, "cache.sqlite*"))
            Assert.DoesNotContain(Secret, System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file)));
    }

    [Fact]
    public void Create_NamedKeyVariableUnset_SaysWhichVariable()
    {
        var settings = new ChatTeacherSettings { Model = "m", ApiKeyVariable = "SIP_TEST_UNSET_KEY" };
        var error = Assert.Throws<SipInputException>(() => ScriptedTeacher.Create(settings, environment: _ => null));
        Assert.Equal("apiKeyVariable: environment variable SIP_TEST_UNSET_KEY is not set (it should hold the teacher's API key)", error.Message);
    }
}

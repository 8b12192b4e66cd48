using Sip.Metrics;
using Sip.Settings;
using Sip.Teacher;
using Sip.Teacher.Chat;
using Sip.Teacher.Gguf;
using Sip.Teacher.Prompts;

namespace Sip.Tests.Teacher.Gguf;

/// <summary>
/// The GGUF teacher over sip's own tiny exported model: it renders the paper's prompts, generates in process, and
/// parses like the chat teachers. A random model writes gibberish, so nearly every sample is invalid: that must be a
/// null sample, never a score of 0.
/// </summary>
[Collection(TinyGgufCollection.Name)]
public sealed class GgufTeacherTests(TinyGgufModel model)
{
    private static readonly ChatSampling Short = new() { Temperature = 1, TopP = 1, MaxOutputTokens = 24 };

    private GgufTeacherSettings Settings => model.Settings() with
    {
        Samples = 2, Seed = 11, Safety = Short, Quality = Short, Factuality = Short, Coherence = Short, Rewrite = Short,
    };

    private TeacherHandle Create(GgufTeacherSettings settings) => TeacherFactory.Create(new TeacherSettings { Kind = TeacherKind.Gguf, Gguf = settings });

    [Fact]
    public async Task JudgeAsync_GivesOneJudgmentPerRequest_EachSampleItsParsedVerdictOrNull()
    {
        using var teacher = Create(Settings);
        JudgeRequest[] requests =
        [
            new SafetyRequest("the kaloter sunde plaing"),
            new QualityRequest("Once upon a time", " there was a kaloter.", " 42 ranex!"),
            new FactualityRequest("The capital of Ranex is", " Sunde.", " Plaing."),
            new CoherenceRequest("It rained", " and rained.", " and rained and rained and rained."),
        ];

        var judgments = await teacher.Judge.JudgeAsync(requests);

        Assert.Equal(requests, judgments.Select(j => j.Request));
        foreach (var judgment in judgments)
        {
            Assert.Equal(2, judgment.Samples.Count);
            Assert.Equal(2, judgment.Raw!.Count);
            Func<string, double?> parse = judgment.Request switch
            {
                SafetyRequest => SafetyVerdict.Parse,
                QualityRequest => QualityVerdict.Parse,
                FactualityRequest => FactualityVerdict.Parse,
                _ => CoherenceVerdict.Parse,
            };
            for (int i = 0; i < 2; i++)
            {
                Assert.NotEmpty(judgment.Raw[i]);
                // The model's text decides the sample; an unreadable one (the usual case here) is null, not 0.
                Assert.Equal(parse(judgment.Raw[i]), judgment.Samples[i]);
            }
        }
        Assert.Equal(2 * requests.Length, teacher.Chat!.Metrics()[MetricNames.JudgeRequests]);
    }

    [Fact]
    public async Task JudgeAsync_WithASeed_IsReproducible()
    {
        JudgeRequest[] requests = [new SafetyRequest("the kaloter sunde plaing")];
        using var first = Create(Settings);
        using var second = Create(Settings);

        var a = await first.Judge.JudgeAsync(requests);
        var b = await second.Judge.JudgeAsync(requests);

        Assert.Equal(a[0].Raw, b[0].Raw);
        Assert.NotEqual(a[0].Raw![0], a[0].Raw![1]); // sample i draws with seed + i
    }

    [Fact]
    public async Task RewriteAsync_GivesOneRewritePerRequest_TextOrNull()
    {
        using var teacher = Create(Settings with { Rewrite = Short with { MaxOutputTokens = 48 } });
        RewriteRequest[] requests = [new("The capital of Ranex is Sunde, and", " its river is the kaloter."), new("It rained", " all day.")];

        var rewrites = await teacher.Rewriter.RewriteAsync(requests);

        Assert.Equal(requests, rewrites.Select(r => r.Request));
        Assert.All(rewrites, r => Assert.True(r.Text is null || r.Text.Length > 0, "a rewrite is text or null, never empty"));
    }

    [Fact]
    public async Task PromptBeyondTheContext_IsAnInvalidSample_NotAnError()
    {
        using var teacher = Create(Settings with { ContextSize = 64 });

        var judgments = await teacher.Judge.JudgeAsync([new SafetyRequest("the kaloter sunde plaing")]);

        Assert.Equal([null, null], judgments[0].Samples);
        Assert.Equal(2, teacher.Chat!.Metrics()[MetricNames.JudgeFailedCalls]);
    }

    [Fact]
    public void Describe_NamesTheModelFileAndTemplate()
    {
        using var teacher = Create(Settings);
        Assert.Contains("model=gguf:tiny.gguf size=", teacher.Judge.Describe);
        Assert.Contains("template=plain", teacher.Judge.Describe);
    }

    [Fact]
    public void Factory_GgufKindWithoutSettings_IsRefusedWithTheSettingToFix()
    {
        var error = Assert.Throws<SipInputException>(() => TeacherFactory.Create(new TeacherSettings { Kind = TeacherKind.Gguf }));
        Assert.StartsWith("teacher.gguf:", error.Message);
    }

    [Fact]
    public void Validate_ReportsEachProblemByItsPath()
    {
        var settings = new GgufTeacherSettings { Model = "/nonexistent/model.gguf", ContextSize = 8, Threads = -1, Samples = 0, Rewrite = new ChatSampling { TopP = 0 } };
        Assert.Equal(
        [
            "model: file not found: /nonexistent/model.gguf",
            "contextSize: must be at least 64, got 8",
            "threads: must be 0 (one per core) or more, got -1",
            "samples: must be positive, got 0",
            "rewrite.topP: must be in (0, 1], got 0",
        ], SettingsValidator.Problems(settings));
    }

    [Fact]
    public void SettingsJson_RoundTrips()
    {
        var settings = Settings with { ChatTemplate = "chatml", Seed = null };
        Assert.Equal(settings, SettingsFile.Parse<GgufTeacherSettings>(SettingsFile.ToJson(settings), "teacher.json"));
    }
}

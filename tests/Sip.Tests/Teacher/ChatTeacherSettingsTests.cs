using Sip.Settings;
using Sip.Teacher.Chat;

namespace Sip.Tests.Teacher;

public class ChatTeacherSettingsTests
{
    private static readonly ChatTeacherSettings Valid = new() { Model = "judge-8b" };

    [Fact]
    public void Defaults_WithAModel_AreValid() => Assert.Empty(SettingsValidator.Problems(Valid));

    [Fact]
    public void Defaults_FollowThePapersJudgeSampling()
    {
        Assert.Equal((1.0, 0.6), (Valid.Safety.Temperature, Valid.Safety.TopP));
        Assert.Equal((1.0, 0.6), (Valid.Quality.Temperature, Valid.Quality.TopP));
        Assert.Equal((1.0, 1.0), (Valid.Factuality.Temperature, Valid.Factuality.TopP));
    }

    [Fact]
    public void Validate_ReportsEachProblemByItsCamelCasePath()
    {
        var settings = Valid with
        {
            BaseUrl = "localhost:8000",
            Samples = 0,
            Concurrency = 0,
            BreakSeconds = 0.1,
            Quality = new ChatSampling { TopP = 0 },
            SafetyTemplate = "/nonexistent/safety.txt",
        };
        Assert.Equal(
        [
            "baseUrl: must be an absolute http(s) URL, got 'localhost:8000'",
            "concurrency: must be positive, got 0",
            "breakSeconds: must be at least 0.5, got 0.1",
            "samples: must be positive, got 0",
            "safetyTemplate: file not found: /nonexistent/safety.txt",
            "quality.topP: must be in (0, 1], got 0",
        ], SettingsValidator.Problems(settings));
    }

    [Fact]
    public void Validate_AKeyPastedAsTheVariableName_IsRefusedWithoutEchoingIt()
    {
        var problems = SettingsValidator.Problems(Valid with { ApiKeyVariable = "sk-proj-AbC123-secret" });
        Assert.Equal("apiKeyVariable: must be the NAME of an environment variable (letters, digits, underscores), not the key itself", Assert.Single(problems));
    }

    [Fact]
    public void SettingsJson_RoundTrips_AndHoldsOnlyTheVariableName()
    {
        var settings = Valid with { ApiKeyVariable = "JUDGE_KEY", Samples = 5, Seed = 7 };
        string json = SettingsFile.ToJson(settings);
        Assert.Contains("\"apiKeyVariable\": \"JUDGE_KEY\"", json);
        Assert.Equal(settings, SettingsFile.Parse<ChatTeacherSettings>(json, "teacher.json"));
    }
}

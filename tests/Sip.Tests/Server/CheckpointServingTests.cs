using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Sip.Server;
using Sip.Server.Faults;
using Sip.Teacher;
using Sip.Teacher.Chat;
using Sip.Teacher.Local;

namespace Sip.Tests.Server;

/// <summary><c>sip teacher serve --checkpoint</c>: a sip checkpoint over HTTP answers as the in-process <c>teacher.kind model</c> does.</summary>
public sealed class CheckpointServingTests(ServedCheckpoint checkpoint) : IClassFixture<ServedCheckpoint>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private TeacherServer Serve(FaultSettings? faults = null) =>
        TeacherServer.Start(new ServeSettings { Checkpoint = checkpoint.Folder, Port = 0, BatchSize = 8, Faults = faults ?? new FaultSettings(), ShutdownGraceSeconds = 1 });

    private IReadOnlyList<string> S => checkpoint.Sentences;

    [Theory]
    [InlineData(RewritePrefill.Instruction)]
    [InlineData(RewritePrefill.AssistantMessage)]
    public async Task OverHttp_TheChatTeachersAnswers_AreTheInProcessModelTeachers_AtTemperatureZero(RewritePrefill prefill)
    {
        var settings = new ModelTeacherSettings { Checkpoint = checkpoint.Folder, BatchSize = 8, RewritePrefill = prefill };
        JudgeRequest[] judged = [new SafetyRequest(S[0]), new QualityRequest(S[1], S[2], S[3]), new FactualityRequest(S[4], S[5], S[6]), new CoherenceRequest(S[7], S[1], S[2])];
        RewriteRequest[] rewritten = [new(S[0], S[3]), new(S[5], S[6])];

        using var inProcess = ModelTeacher.Create(settings);
        var expectedJudgments = await inProcess.Judge.JudgeAsync(judged);
        var expectedRewrites = await inProcess.Rewriter.RewriteAsync(rewritten);

        // The same prompts, sampling (temperature 0, the model teacher's token limits) and seed, sent over HTTP.
        await using var server = Serve();
        var prompts = settings.Prompts();
        var chat = settings.ToChatSettings(prompts) with { BaseUrl = server.BaseUrl, Model = server.Model };
        using var overHttp = new ChatTeacher(chat, ChatClientFactory.Create(chat, _ => null), prompts);
        var judgments = await overHttp.Judge.JudgeAsync(judged);
        var rewrites = await overHttp.Rewriter.RewriteAsync(rewritten);

        Assert.Equal(expectedJudgments.Select(j => j.Raw![0]), judgments.Select(j => j.Raw![0]));
        Assert.Equal(expectedRewrites.Select(r => r.Text), rewrites.Select(r => r.Text));
        Assert.Contains(judgments, j => j.Raw![0].Length > 0);
        Assert.Equal(0, overHttp.Judge.Counts.FailedCalls + overHttp.Rewriter.Counts.FailedCalls);
        Assert.Equal((6L, 4L, 2L), (server.Counts.Answered, server.Counts.Judgments, server.Counts.Rewrites)); // sip's prompts are recognised, and counted by task
    }

    [Fact]
    public async Task AnyConversation_IsAnswered_WithOneChoicePerN_SeededSeedPlusJ_UpToMaxTokens()
    {
        await using var server = Serve();
        string body = JsonSerializer.Serialize(new
        {
            model = server.Model, n = 3, seed = 5, temperature = 1.0, top_p = 0.9, max_tokens = 6,
            messages = new object[] { new { role = "system", content = "Be brief." }, new { role = "user", content = S[0] } },
        });

        using var response = await Http.PostAsync(server.BaseUrl + "/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(server.Model, json.GetProperty("model").GetString());
        Assert.StartsWith("sip-checkpoint ", json.GetProperty("system_fingerprint").GetString());
        var choices = json.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("message").GetProperty("content").GetString()!).ToList();

        using var client = ModelChatClient.Load(checkpoint.Folder, batchSize: 1, TimeSpan.Zero);
        ChatMessage[] messages = [new(ChatRole.System, "Be brief."), new(ChatRole.User, S[0])];
        var expected = new List<ChatResponse>();
        for (int j = 0; j < 3; j++)
            expected.Add(await client.GetResponseAsync(messages, new ChatOptions { Temperature = 1, TopP = 0.9f, MaxOutputTokens = 6, Seed = 5 + j }));

        Assert.Equal(expected.Select(r => r.Text), choices);
        Assert.Equal(3, choices.Distinct().Count()); // sampled with their own seeds
        Assert.Equal(expected.Select(r => r.FinishReason == ChatFinishReason.Length ? "length" : "stop"),
            json.GetProperty("choices").EnumerateArray().Select(c => c.GetProperty("finish_reason").GetString()));
        Assert.Equal(expected.Sum(r => r.Usage!.OutputTokenCount), json.GetProperty("usage").GetProperty("completion_tokens").GetInt64());
        Assert.Equal(expected[0].Usage!.InputTokenCount, json.GetProperty("usage").GetProperty("prompt_tokens").GetInt64());
        Assert.Equal((1L, 0L, 0L), (server.Counts.Answered, server.Counts.Judgments, server.Counts.Rewrites)); // not one of sip's prompts
    }

    [Fact]
    public async Task StopSequences_AndKeepingThem_ReachTheModel_OverHttp()
    {
        await using var server = Serve();
        var settings = new ChatTeacherSettings { BaseUrl = server.BaseUrl, Model = server.Model, MaxTokensField = MaxTokensField.MaxCompletionTokens };
        using var overHttp = ChatClientFactory.Create(settings, _ => null);

        await Sip.Tests.Teacher.StopSequenceChecks.AnswersEndAtTheirFirstStopSequence(overHttp, [new(ChatRole.User, S[2])]);
    }

    [Fact]
    public async Task TheModelName_IsTheCheckpointAsGiven_WhatCannotBeAnsweredIsRefused_AndFaultsApply()
    {
        await using var server = Serve(new FaultSettings { NonsenseRate = 1 });
        Assert.Equal(checkpoint.Folder, server.Model);
        Assert.Contains(JsonSerializer.Serialize(checkpoint.Folder), await Http.GetStringAsync(server.BaseUrl + "/models"));

        string Body(string model) => JsonSerializer.Serialize(new { model, max_tokens = 4, messages = new[] { new { role = "user", content = S[1] } } });
        using var wrongModel = await Http.PostAsync(server.BaseUrl + "/chat/completions", new StringContent(Body("tinyworld-oracle")));
        Assert.Equal(HttpStatusCode.NotFound, wrongModel.StatusCode);
        using var badTemperature = await Http.PostAsync(server.BaseUrl + "/chat/completions",
            new StringContent(JsonSerializer.Serialize(new { model = server.Model, temperature = 3, messages = new[] { new { role = "user", content = S[1] } } })));
        Assert.Equal(HttpStatusCode.BadRequest, badTemperature.StatusCode);
        using var tooLong = await Http.PostAsync(server.BaseUrl + "/chat/completions",
            new StringContent(JsonSerializer.Serialize(new { model = server.Model, messages = new[] { new { role = "user", content = string.Join(" ", Enumerable.Repeat(S[1], 300)) } } })));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("leaves no room for an answer", await tooLong.Content.ReadAsStringAsync());

        using var nonsense = await Http.PostAsync(server.BaseUrl + "/chat/completions", new StringContent(Body(server.Model)));
        string content = JsonDocument.Parse(await nonsense.Content.ReadAsStringAsync()).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        Assert.Contains(content, NonsenseAnswers.Judge);
        Assert.Equal((1L, 1L, 3L), (server.Counts.ChatCompletions, server.Counts.Nonsense, server.Counts.Rejected));
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Sip.Server;
using Sip.Server.Faults;
using Sip.Teacher;
using Sip.Teacher.Chat;
using Sip.Teacher.Prompts;
using Sip.World.Oracle;

namespace Sip.Tests.Server;

/// <summary>
/// The fault middleware as clients meet it over 127.0.0.1: sip's chat teacher (the OpenAI SDK and its resilience) sees
/// each kind of fault as the failure it stands for, the latency delays every answer, and the plan stays reproducible
/// because only requests that pass the protocol's checks draw from it.
/// </summary>
public sealed class FaultMiddlewareTests(ServedWorld world) : IClassFixture<ServedWorld>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(20) };

    private SafetyRequest Safety(int i = 0) => new(WorldFolder.ReadStandard(world.Folder)[i].Suffix);

    private static FaultSettings Always(FaultKind kind) => kind switch
    {
        FaultKind.RateLimit => new FaultSettings { RateLimitRate = 1, RetryAfterSeconds = 0 },
        FaultKind.ServerError => new FaultSettings { ServerErrorRate = 1 },
        FaultKind.Drop => new FaultSettings { DropRate = 1 },
        FaultKind.Timeout => new FaultSettings { TimeoutRate = 1, HoldSeconds = 30 },
        FaultKind.Truncate => new FaultSettings { TruncateRate = 1 },
        FaultKind.Nonsense => new FaultSettings { NonsenseRate = 1 },
        _ => new FaultSettings(),
    };

    [Theory]
    [InlineData(FaultKind.None)]
    [InlineData(FaultKind.RateLimit)]
    [InlineData(FaultKind.ServerError)]
    [InlineData(FaultKind.Drop)]
    [InlineData(FaultKind.Timeout)]
    [InlineData(FaultKind.Truncate)]
    [InlineData(FaultKind.Nonsense)]
    public async Task EachFault_IsTheFailureItStandsFor_ToSipsChatClient(FaultKind kind)
    {
        await using var server = world.Serve(Always(kind));
        // One call, no retry or re-ask: the client's counters show what that one answer was.
        using var teacher = ChatTeacher.Create(ServedWorld.Client(server) with { Retries = 0, Reasks = 0, TimeoutSeconds = 1 }, environment: _ => null);

        var judgment = (await teacher.Judge.JudgeAsync([Safety()]))[0];

        var client = teacher.Judge.Counts;
        var seen = (client.FailedCalls, client.Timeouts, client.Truncated, client.Unparsed);
        var expected = kind switch
        {
            FaultKind.None => (0L, 0L, 0L, 0L),
            FaultKind.RateLimit or FaultKind.ServerError or FaultKind.Drop => (1, 0, 0, 0),
            FaultKind.Timeout => (1, 1, 0, 0),
            FaultKind.Truncate => (0, 0, 1, 0),
            _ => (0, 0, 0, 1),
        };
        Assert.Equal(expected, seen);
        Assert.Equal(kind == FaultKind.None, judgment.HasValid);
        Assert.Equal(1, client.Requests);
        Assert.Equal(1, server.Counts.ChatCompletions);
        Assert.Equal(kind == FaultKind.None ? 0 : 1, server.Counts.Faults);
        if (kind != FaultKind.None) Assert.Equal(1, server.Counts.Of(kind));
        Assert.Equal(kind is FaultKind.None or FaultKind.Truncate or FaultKind.Nonsense ? 1 : 0, server.Counts.Answered);
    }

    [Fact]
    public async Task Drop_SendsTheStatusAndHeaders_ThenCutsTheBodyOff()
    {
        await using var server = world.Serve(Always(FaultKind.Drop));
        using var request = new HttpRequestMessage(HttpMethod.Post, server.BaseUrl + "/chat/completions") { Content = new StringContent(Body(Safety()), Encoding.UTF8, "application/json") };

        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Content.Headers.ContentLength > 100);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsStringAsync());
        Assert.True(error is HttpRequestException or IOException, error.ToString());
    }

    [Fact]
    public async Task Latency_DelaysEveryAnswer_ErrorsIncluded()
    {
        await using var server = world.Serve(new FaultSettings { LatencyMs = 300 });
        foreach (var send in new Func<Task<HttpResponseMessage>>[]
        {
            () => Http.PostAsync(server.BaseUrl + "/chat/completions", new StringContent(Body(Safety()))),
            () => Http.PostAsync(server.BaseUrl + "/chat/completions", new StringContent(Body(Safety(), model: "gpt-4o"))),
            () => Http.GetAsync(server.BaseUrl + "/nowhere"),
        })
        {
            var clock = Stopwatch.StartNew();
            using var response = await send();
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"{response.StatusCode} after {clock.Elapsed}");
        }
        Assert.Equal((1L, 2L), (server.Counts.Answered, server.Counts.Rejected));
    }

    [Fact]
    public async Task OnlyRequestsThatPassTheChecks_DrawFromThePlan_SoTheFaultsFollowTheSeed()
    {
        var faults = new FaultSettings { NonsenseRate = 0.5, Seed = 11 };
        await using var server = world.Serve(faults);
        var plan = new FaultPlan(faults);

        var expected = new List<bool>();
        var seen = new List<bool>();
        for (int i = 0; i < 12; i++)
        {
            // A refused request between each two: a wrong model, then a body that is not a request.
            using var refused = await Http.PostAsync(server.BaseUrl + "/chat/completions", new StringContent(i % 2 == 0 ? Body(Safety(i), model: "other") : "{not json"));
            Assert.True((int)refused.StatusCode is 400 or 404);

            using var answered = await Http.PostAsync(server.BaseUrl + "/chat/completions", new StringContent(Body(Safety(i))));
            string content = JsonDocument.Parse(await answered.Content.ReadAsStringAsync()).RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
            seen.Add(NonsenseAnswers.Judge.Contains(content));
            expected.Add(plan.Next().Kind == FaultKind.Nonsense);
        }

        Assert.Equal(expected, seen);
        Assert.Contains(true, seen);
        Assert.Contains(false, seen);
        Assert.Equal((12L, 12L, 12L), (server.Counts.ChatCompletions, server.Counts.Answered, server.Counts.Rejected));
    }

    private static string Body(JudgeRequest request, string model = ServedWorld.Model)
    {
        var messages = TeacherPrompts.Default.Render(request).Messages.Select(m => new { role = m.Role.ToString().ToLowerInvariant(), content = m.Text });
        return JsonSerializer.Serialize(new { model, messages });
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Sip.Teacher;
using Sip.Teacher.Prompts;
using Sip.Server;
using Sip.Server.Answering;
using Sip.Server.Faults;
using Sip.World.Oracle;

namespace Sip.Tests.Server;

/// <summary><c>sip teacher serve</c> speaks OpenAI's protocol and injects each fault as documented.</summary>
public sealed class TeacherServerTests(ServedWorld world) : IClassFixture<ServedWorld>
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(1) }) { Timeout = TimeSpan.FromSeconds(20) };

    private SafetyRequest Safety => new(WorldFolderSuffix());

    private string WorldFolderSuffix() => WorldFolder.ReadStandard(world.Folder)[0].Suffix;

    private static string Body(JudgeRequest request, string model = ServedWorld.Model, int? n = null, long? seed = null, bool stream = false)
    {
        var messages = TeacherPrompts.Default.Render(request).Messages.Select(m => new { role = m.Role.ToString().ToLowerInvariant(), content = m.Text });
        var body = new Dictionary<string, object> { ["model"] = model, ["messages"] = messages };
        if (n is { } count) body["n"] = count;
        if (seed is { } s) body["seed"] = s;
        if (stream) body["stream"] = true;
        return JsonSerializer.Serialize(body);
    }

    private static Task<HttpResponseMessage> Post(TeacherServer server, string body, string? key = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, server.BaseUrl + "/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return Http.SendAsync(message);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    [Fact]
    public async Task ChatCompletion_AnswersLikeOpenAI_WithOneChoicePerN_AndSampleSeedPlusJ()
    {
        var noisy = new OracleJudgeSettings { Noise = 0.4, Seed = 3 };
        await using var server = world.Serve(oracle: noisy);
        var request = new QualityRequest(WorldFolder.ReadStandard(world.Folder)[1].Prefix, WorldFolderSuffix(), WorldFolder.ReadStandard(world.Folder)[1].Suffix);

        using var response = await Post(server, Body(request, n: 4, seed: 10));
        var json = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("chat.completion", json.GetProperty("object").GetString());
        Assert.StartsWith("chatcmpl-", json.GetProperty("id").GetString());
        Assert.Equal(ServedWorld.Model, json.GetProperty("model").GetString());
        var choices = json.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3], choices.Select(c => c.GetProperty("index").GetInt32()));
        Assert.All(choices, c => Assert.Equal("stop", c.GetProperty("finish_reason").GetString()));
        var scores = choices.Select(c => VerdictParser.Parse(TeacherTask.Quality, c.GetProperty("message").GetProperty("content").GetString()!));
        var oracle = new OracleJudge(world.Teacher.Analyzer, noisy with { Samples = 14 }).Judge(request);
        Assert.Equal(oracle.Samples.Skip(10), scores);
        var usage = json.GetProperty("usage");
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 100);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(1, server.Counts.Answered);
        Assert.Equal(4, server.Counts.Judgments);
    }

    [Fact]
    public async Task Models_Health_AndRequestsItCannotServe_AreAnsweredAsARealServerWould()
    {
        await using var server = world.Serve();

        var models = await Json(await Http.GetAsync(server.BaseUrl + "/models"));
        Assert.Equal(ServedWorld.Model, models.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(server.BaseUrl.Replace("/v1", "/health"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(server.BaseUrl + "/embeddings")).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Http.GetAsync(server.BaseUrl + "/chat/completions")).StatusCode);

        using var wrongModel = await Post(server, Body(Safety, model: "gpt-4o"));
        Assert.Equal(HttpStatusCode.NotFound, wrongModel.StatusCode);
        Assert.Equal("model_not_found", (await Json(wrongModel)).GetProperty("error").GetProperty("code").GetString());
        using var unknownPrompt = await Post(server, JsonSerializer.Serialize(new { model = ServedWorld.Model, messages = new[] { new { role = "user", content = "What is the capital of France?" } } }));
        Assert.Equal(HttpStatusCode.BadRequest, unknownPrompt.StatusCode);
        Assert.Contains("unrecognised prompt", (await Json(unknownPrompt)).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(server, "{not json")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(server, Body(Safety, stream: true))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(server, Body(Safety, n: 17))).StatusCode);

        Assert.Equal(0, server.Counts.ChatCompletions);
        Assert.Equal(7, server.Counts.Rejected); // route, method, model, prompt, JSON, stream, n
    }

    [Fact]
    public async Task ApiKey_WhenConfigured_IsRequired()
    {
        const string key = "sk-serve-test-key";
        await using var server = world.Serve(adjust: s => s with { ApiKeyVariable = "SIP_SERVE_TEST_KEY" }, environment: name => name == "SIP_SERVE_TEST_KEY" ? key : null);

        using var without = await Post(server, Body(Safety));
        using var wrong = await Post(server, Body(Safety), "sk-wrong");
        using var right = await Post(server, Body(Safety), key);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK], [without.StatusCode, wrong.StatusCode, right.StatusCode]);
        Assert.Equal("invalid_api_key", (await Json(without)).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task RateLimit_Answers429_WithRetryAfterInMillisecondsAndWholeSeconds()
    {
        await using var server = world.Serve(new FaultSettings { RateLimitRate = 1, RetryAfterSeconds = 0.25 });
        using var response = await Post(server, Body(Safety));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("250", response.Headers.GetValues("retry-after-ms").Single());
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        Assert.Equal("rate_limit_error", (await Json(response)).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(1, server.Counts.RateLimited);
    }

    [Fact]
    public async Task ServerError_Answers500()
    {
        await using var server = world.Serve(new FaultSettings { ServerErrorRate = 1 });
        Assert.Equal(HttpStatusCode.InternalServerError, (await Post(server, Body(Safety))).StatusCode);
        Assert.Equal(1, server.Counts.ServerErrors);
    }

    [Fact]
    public async Task Drop_ResetsTheConnectionHalfwayThroughTheAnswer()
    {
        await using var server = world.Serve(new FaultSettings { DropRate = 1 });
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await Post(server, Body(Safety));
            await response.Content.ReadAsStringAsync();
        });
        Assert.True(error is HttpRequestException or IOException, error.ToString());
        Assert.Equal((1L, 0L), (server.Counts.Dropped, server.Counts.Answered));
    }

    [Fact]
    public async Task Timeout_HoldsTheRequestUntilTheClientGivesUp()
    {
        await using var server = world.Serve(new FaultSettings { TimeoutRate = 1, HoldSeconds = 30 });
        using var client = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<TaskCanceledException>(() => client.PostAsync(server.BaseUrl + "/chat/completions", new StringContent(Body(Safety))));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.25, 5);
        Assert.Equal(1, server.Counts.TimedOut);
    }

    [Fact]
    public async Task Truncate_CutsTheAnswerInHalf_WithFinishReasonLength()
    {
        await using var plain = world.Serve();
        await using var cutting = world.Serve(new FaultSettings { TruncateRate = 1 });
        string whole = (await Json(await Post(plain, Body(Safety)))).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
        var choice = (await Json(await Post(cutting, Body(Safety)))).GetProperty("choices")[0];
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(whole[..(whole.Length / 2)], choice.GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task Nonsense_AnswersWithoutAVerdict()
    {
        await using var server = world.Serve(new FaultSettings { NonsenseRate = 1 });
        for (int i = 0; i < 5; i++)
        {
            string content = (await Json(await Post(server, Body(Safety)))).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
            Assert.Contains(content, NonsenseAnswers.Judge);
        }
        Assert.Equal(5, server.Counts.Nonsense);
    }

    private sealed class BrokenTeacher : IServedTeacher
    {
        public string Describe => "broken";
        public ServedVerdict Judge(JudgeRequest request, int sample) => throw new InvalidOperationException("no verdict today");
        public string Rewrite(RewriteRequest request) => throw new InvalidOperationException("no rewrite today");
    }

    [Fact]
    public async Task ATeacherThatFails_GetsHttp500_AndTheServerKeepsServing()
    {
        await using var server = TeacherServer.Start(new ServeSettings { Port = 0, Model = ServedWorld.Model }, new BrokenTeacher());
        using var failed = await Post(server, Body(Safety));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Contains("no verdict today", (await Json(failed)).GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(server.BaseUrl + "/models")).StatusCode);
    }

    [Fact]
    public void EveryNonsenseAnswer_IsUnusableForEveryTask()
    {
        foreach (var task in new[] { TeacherTask.Safety, TeacherTask.Quality, TeacherTask.Factuality, TeacherTask.Coherence })
            Assert.All(NonsenseAnswers.Judge, answer => Assert.Null(VerdictParser.Parse(task, answer)));
        Assert.All(NonsenseAnswers.Rewrite, answer => Assert.Null(RewriteAnswer.Extract(answer, "one two three four five")));
    }

    [Fact]
    public async Task KeepAlive_ServesSeveralRequestsOnOneConnection_AndReadsChunkedBodies()
    {
        await using var server = world.Serve();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();
        var reader = new StreamReader(stream, Encoding.UTF8);

        byte[] body = Encoding.UTF8.GetBytes(Body(Safety));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: {body.Length}\r\n\r\n"));
        await stream.WriteAsync(body);
        Assert.Equal("HTTP/1.1 200 OK", await reader.ReadLineAsync());
        int length = await SkipHeaders(reader);
        var first = new char[length];
        await reader.ReadBlockAsync(first);

        // The same connection, a chunked body in two chunks.
        int half = body.Length / 2;
        var chunked = new MemoryStream();
        chunked.Write(Encoding.ASCII.GetBytes($"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n{half:x}\r\n"));
        chunked.Write(body, 0, half);
        chunked.Write(Encoding.ASCII.GetBytes($"\r\n{body.Length - half:x}\r\n"));
        chunked.Write(body, half, body.Length - half);
        chunked.Write("\r\n0\r\n\r\n"u8);
        await stream.WriteAsync(chunked.ToArray());
        Assert.Equal("HTTP/1.1 200 OK", await reader.ReadLineAsync());
        await SkipHeaders(reader);
        Assert.Equal(2, server.Counts.Answered);
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "NONSENSE\r\n\r\n", "HTTP/1.1 400" },
        { "GET /v1/models HTTP/1.1\r\nX-Big: " + new string('a', 40_000) + "\r\n\r\n", "HTTP/1.1 431" },
        // HTTP/1.1 requires a Host header (Kestrel refuses a request without one with 400, as RFC 9112 asks).
        { $"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: {TeacherServer.MaxBodyBytes + 1}\r\n\r\n", "HTTP/1.1 413" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task MalformedRequests_AreRefusedAndTheConnectionClosed(string request, string statusLine)
    {
        await using var server = world.Serve();
        Assert.StartsWith(statusLine, await RawExchange(server, request));
    }

    [Fact]
    public async Task Stop_LetsRequestsInFlightFinish_ThenRefusesConnections()
    {
        var server = world.Serve(new FaultSettings { LatencyMs = 400 });
        var inFlight = Post(server, Body(Safety));
        await Task.Delay(150);

        await server.StopAsync();

        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("close", response.Headers.Connection.Single());
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => Http.GetAsync(server.BaseUrl + "/models"));
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Stop_ReleasesRequestsThatAreNeverAnswered()
    {
        var server = world.Serve(new FaultSettings { TimeoutRate = 1, HoldSeconds = 60 });
        var held = Post(server, Body(Safety));
        await Task.Delay(150);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await server.StopAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"stopping took {clock.Elapsed}");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => held);
        await server.DisposeAsync();
    }

    private static async Task<int> SkipHeaders(StreamReader reader)
    {
        int length = 0;
        for (string? line; !string.IsNullOrEmpty(line = await reader.ReadLineAsync());)
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(line["Content-Length:".Length..]);
        return length;
    }

    private static async Task<string> RawExchange(TeacherServer server, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sip.Teacher;
using Sip.Teacher.Chat;

namespace Sip.Tests.Teacher;

/// <summary>Retries, timeouts, the circuit breaker, the concurrency limit and cancellation, against a loopback server that fails on script.</summary>
public class ChatTransportTests
{
    private static readonly JudgeRequest[] OneSafety = [new SafetyRequest("A recipe for bread.")];

    /// <summary>A breaker that opens after two failed calls in ten seconds, for half a second at a time.</summary>
    private static ChatTeacherSettings WithBreaker(LoopbackChatServer server, double maxOutageSeconds) => ScriptedTeacher.Settings(server) with
    {
        Retries = 3,
        BreakMinimumCalls = 2,
        BreakFailureRatio = 0.5,
        BreakSamplingSeconds = 10,
        BreakSeconds = 0.5,
        MaxOutageSeconds = maxOutageSeconds,
    };

    [Fact]
    public async Task TooManyRequests_WaitsForRetryAfter_ThenSucceeds()
    {
        await using var server = new LoopbackChatServer(call => call.Number == 1
            ? Reply.Error(429, new Dictionary<string, string> { ["Retry-After"] = "1" })
            : ScriptedTeacher.Answer(call));
        using var teacher = ScriptedTeacher.Create(ScriptedTeacher.Settings(server));

        var judgment = Assert.Single(await teacher.Judge.JudgeAsync(OneSafety));

        Assert.Equal([1.0], judgment.Samples);
        var calls = server.Calls;
        Assert.Equal(2, calls.Count);
        // The base delay is 10 ms: only the server's Retry-After explains a wait of a second.
        Assert.InRange((calls[1].At - calls[0].At).TotalSeconds, 0.95, 5);
        Assert.Equal((2L, 1L, 0L), (teacher.Judge.Counts.Requests, teacher.Judge.Counts.Retries, teacher.Judge.Counts.FailedCalls));
    }

    [Fact]
    public async Task TooManyRequests_RetryAfterMilliseconds_IsHonoured()
    {
        await using var server = new LoopbackChatServer(call => call.Number == 1
            ? Reply.Error(429, new Dictionary<string, string> { ["retry-after-ms"] = "400" })
            : ScriptedTeacher.Answer(call));
        using var teacher = ScriptedTeacher.Create(ScriptedTeacher.Settings(server));

        Assert.Equal([1.0], Assert.Single(await teacher.Judge.JudgeAsync(OneSafety)).Samples);
        Assert.InRange((server.Calls[1].At - server.Calls[0].At).TotalSeconds, 0.38, 3);
    }

    [Fact]
    public async Task ServerErrors_AreRetried_UntilTheServerAnswers()
    {
        await using var server = new LoopbackChatServer(call => call.Number <= 2 ? Reply.Error(call.Number == 1 ? 500 : 503) : ScriptedTeacher.Answer(call));
        using var teacher = ScriptedTeacher.Create(ScriptedTeacher.Settings(server));

        Assert.Equal([1.0], Assert.Single(await teacher.Judge.JudgeAsync(OneSafety)).Samples);
        Assert.Equal((3L, 2L), (teacher.Judge.Counts.Requests, teacher.Judge.Counts.Retries));
    }

    [Fact]
    public async Task ServerErrorsBeyondTheRetries_MakeTheSampleInvalid_WithoutThrowing()
    {
        await using var server = new LoopbackChatServer(_ => Reply.Error(500));
        var logger = new CollectingLogger();
        using var teacher = ScriptedTeacher.Create(ScriptedTeacher.Settings(server) with { Samples = 2 }, logger);

        var judgment = Assert.Single(await teacher.Judge.JudgeAsync(OneSafety));

        Assert.Equal([null, null], judgment.Samples);
        Assert.All(judgment.Raw!, raw => Assert.StartsWith("(no answer: HTTP 500", raw));
        Assert.Equal((6L, 2L), (teacher.Judge.Counts.Requests, teacher.Judge.Counts.FailedCalls));
        Assert.Contains(logger.Lines, l => l.Contains("failed after retries: HTTP 500"));
    }

    [Fact]
    public async Task BadRequest_IsNotRetried()
    {
        await using var server = new LoopbackChatServer(_ => Reply.Error(400));
        using var teacher = ScriptedTeacher.Create(ScriptedTeacher.Settings(server));

        Assert.Equal([null], Assert.Single(await teacher.Judge.JudgeAsync(OneSafety)).Samples);
        Assert.Equal((1L, 0L, 1L), (teacher.Judge.Counts.Requests, teacher.Judge.Counts.Retries, teacher.Judge.Counts.FailedCalls));
    }

    [Fact]
    public async Task Timeouts_AreRetried_ThenTheSampleIsInvalidAndCounted()
    {
        await using var server = new LoopbackChatServer(call => ScriptedTeacher.Answer(call) with { Delay = TimeSpan.FromSeconds(3) });
        using var teacher = ScriptedTeacher.Create(ScriptedTeacher.Settings(server) with { TimeoutSeconds = 0.15, Retries = 1 });
        var clock = Stopwatch.StartNew();

        var judgment = Assert.Single(await teacher.Judge.JudgeAsync(OneSafety));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal([null], judgment.Samples);
        Assert.Equal("(no answer: timed out)", judgment.Raw!.Single());
        Assert.Equal((2L, 2L, 1L), (teacher.Judge.Counts.Requests, teacher.Judge.Counts.Timeouts, teacher.Judge.Counts.FailedCalls));
    }

    [Fact]
    public async Task CircuitBreaker_OpensWhileTheServerIsDown_PausesCalls_AndRecovers()
    {
        // Down for the first two requests; the breaker opens after them and nothing reaches the server while it is open.
        await using var server = new LoopbackChatServer(call => call.Number <= 2 ? Reply.Error(502) : ScriptedTeacher.Answer(call));
        using var teacher = ScriptedTeacher.Create(WithBreaker(server, maxOutageSeconds: 10));

        var judgment = Assert.Single(await teacher.Judge.JudgeAsync(OneSafety));

        Assert.True(judgment.Samples.SequenceEqual([1.0]), $"{judgment.Raw!.Single()}; calls at {string.Join(", ", server.Calls.Select(c => c.At.ToString()))}");
        var calls = server.Calls;
        Assert.Equal(3, calls.Count);
        Assert.InRange((calls[2].At - calls[1].At).TotalSeconds, 0.45, 5);
        Assert.Equal((1L, 0L), (teacher.Judge.Counts.CircuitOpens, teacher.Judge.Counts.FailedCalls));
    }

    [Fact]
    public async Task AServerThatStaysDown_IsWaitedForNoLongerThanTheOutageLimit_ThenCountedInvalid()
    {
        // The limit used to be turned into a number of 50 ms attempts while each lasted until the circuit could
        // half-open: a 1 s limit waited 8 s here and probed the server 16 times; the default 900 s, about 75 hours.
        await using var server = new LoopbackChatServer(_ => Reply.Error(502));
        using var teacher = ScriptedTeacher.Create(WithBreaker(server, maxOutageSeconds: 1) with { Reasks = 0 });

        var clock = Stopwatch.StartNew();
        var judgment = Assert.Single(await teacher.Judge.JudgeAsync(OneSafety));

        Assert.Equal([(double?)null], judgment.Samples);
        Assert.Equal(1L, teacher.Judge.Counts.FailedCalls);
        Assert.True(server.Calls.Count <= 6, $"{server.Calls.Count} calls reached the server: the circuit was probed past the limit");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"gave up after {clock.Elapsed.TotalSeconds:F1} s, against a 1 s outage limit");
    }

    [Theory]
    [InlineData(401)]
    [InlineData(404)]
    public async Task ARefusedKeyOrUnknownModel_StopsTheRun_InsteadOfInvalidatingEverySample(int status)
    {
        await using var server = new LoopbackChatServer(_ => Reply.Error(status));
        using var teacher = ScriptedTeacher.Create(ScriptedTeacher.Settings(server));

        var error = await Assert.ThrowsAsync<SipInputException>(() => teacher.Judge.JudgeAsync(OneSafety));

        Assert.Contains($"HTTP {status}", error.Message);
        Assert.Contains("check baseUrl, model and the API key variable", error.Message);
        Assert.Single(server.Calls); // not retried: it would fail the same way
    }

    [Fact]
    public async Task ServerNotListening_GivesInvalidSamples_AndNoException()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var settings = new ChatTeacherSettings { BaseUrl = $"http://127.0.0.1:{port}/v1", Model = "m", Retries = 1, RetryDelaySeconds = 0.01, MaxOutageSeconds = 0 };
        using var teacher = ScriptedTeacher.Create(settings);

        var judgment = Assert.Single(await teacher.Judge.JudgeAsync(OneSafety));

        Assert.Equal([null], judgment.Samples);
        Assert.StartsWith("(no answer: connection failed", judgment.Raw!.Single());
        Assert.Equal((2L, 1L), (teacher.Judge.Counts.Requests, teacher.Judge.Counts.FailedCalls));
    }

    [Fact]
    public async Task Concurrency_NeverExceedsTheLimit()
    {
        await using var server = new LoopbackChatServer(call => ScriptedTeacher.Answer(call) with { Delay = TimeSpan.FromMilliseconds(100) });
        using var teacher = ScriptedTeacher.Create(ScriptedTeacher.Settings(server) with { Concurrency = 2, Samples = 2 });

        var judgments = await teacher.Judge.JudgeAsync(Enumerable.Range(0, 4).Select(i => (JudgeRequest)new SafetyRequest($"text {i}")).ToList());

        Assert.All(judgments, j => Assert.Equal([1.0, 1.0], j.Samples));
        Assert.Equal(8, server.CallCount);
        Assert.Equal(2, server.MaxInFlight);
    }

    [Fact]
    public async Task Cancellation_StopsTheJudgmentWithOperationCanceled()
    {
        await using var server = new LoopbackChatServer(call => ScriptedTeacher.Answer(call) with { Delay = TimeSpan.FromSeconds(5) });
        using var teacher = ScriptedTeacher.Create(ScriptedTeacher.Settings(server));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => teacher.Judge.JudgeAsync(OneSafety, cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal(0, teacher.Judge.Counts.FailedCalls);
    }
}

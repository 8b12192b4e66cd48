using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sip.Teacher.Prompts;

namespace Sip.Teacher.Chat;

/// <summary>
/// A post-trained LLM as judge (paper §4) over an OpenAI-compatible server: each request is rendered with its task's
/// template and asked S times (separate calls, for portability across servers); each answer is parsed at read time
/// (cached answers too). A sample without a verdict (failed call, truncated or unreadable answer) is null; JudgeAsync
/// throws only when cancelled.
/// </summary>
public sealed class ChatJudge : IJudge
{
    private readonly ChatTeacherSettings _settings;
    private readonly ChatTransport _transport;
    private readonly TeacherPrompts _prompts;
    private readonly TeacherCounters _counters = new();
    private readonly ILogger _logger;

    public ChatJudge(ChatTeacherSettings settings, ChatTransport transport, TeacherPrompts prompts, ILogger? logger = null)
    {
        _settings = settings;
        _transport = transport;
        _prompts = prompts;
        _logger = logger ?? NullLogger.Instance;
        Describe = $"chat judge model={settings.Model} samples={settings.Samples} safety({settings.Safety.Canonical()}) quality({settings.Quality.Canonical()}) "
                   + $"factuality({settings.Factuality.Canonical()}) seed={settings.Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} "
                   + $"prompts={prompts.Fingerprint(TeacherTask.Safety, TeacherTask.Quality, TeacherTask.Factuality)}";
    }

    /// <summary>Model, samples, sampling per task, seed and a hash of the prompts; not the server address, the key or transport settings.</summary>
    public string Describe { get; }

    /// <summary>Cumulative counts for metrics (<see cref="TeacherMetricNames"/>, area <c>judge</c>).</summary>
    public TeacherCounts Counts => _counters.Snapshot();

    public async Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default) =>
        await Task.WhenAll(requests.Select(r => JudgeOneAsync(r, cancellation))).ConfigureAwait(false);

    private async Task<Judgment> JudgeOneAsync(JudgeRequest request, CancellationToken cancellation)
    {
        var prompt = _prompts.Render(request);
        var sampling = _settings.SamplingFor(prompt.Task);
        var answers = await Task.WhenAll(Enumerable.Range(0, _settings.Samples)
            .Select(i => _transport.AskAsync(prompt, sampling, i, _counters, cancellation))).ConfigureAwait(false);
        var scores = answers.Select(a => Score(prompt.Task, a)).ToList();
        var latency = answers.Max(a => a.Latency);
        return new Judgment(request, scores, latency) { Raw = answers.Select(a => a.RawText).ToList() };
    }

    private double? Score(TeacherTask task, TeacherAnswer answer)
    {
        if (answer.Answer is not { } raw) return null;
        if (raw.Truncated)
        {
            // The verdict belongs at the end; an answer cut off there may only echo the candidate's text.
            _counters.Truncated();
            return null;
        }
        var score = VerdictParser.Parse(task, raw.Text);
        if (score is null)
        {
            _counters.Unparsed();
            _logger.LogDebug("no {Task} verdict in the judge's answer: {Answer}", task, raw.Text.Length <= 300 ? raw.Text : raw.Text[^300..]);
        }
        return score;
    }
}

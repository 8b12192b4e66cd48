using Sip.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sip.Teacher.Prompts;

namespace Sip.Teacher.Chat;

/// <summary>
/// A post-trained LLM as judge (paper §4, and coherence for evaluation, §7) over an OpenAI-compatible server: each
/// request is rendered with its task's template and asked S times (separate calls, for portability across servers); each
/// answer is parsed at read time (cached answers too). An answer without a verdict (truncated or unreadable) is asked
/// again up to <see cref="TeacherPromptSettings.Reasks"/> times; a sample still without one, or whose call
/// failed after its retries, is null. JudgeAsync throws only when cancelled.
/// </summary>
/// <remarks>
/// A re-ask repeats the request (the same seed, so a server that botched an answer, cut it off or was interrupted gets
/// the same question again; without a seed it is a fresh draw) under its own cache entry: a repeated evaluation reads
/// the unusable answer and its re-asks back from the cache and sends nothing.
/// </remarks>
public sealed class ChatJudge : IJudge, ITeacherMetrics
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
                   + $"factuality({settings.Factuality.Canonical()}) coherence({settings.Coherence.Canonical()}) "
                   + $"seed={settings.Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} reasks={settings.Reasks} "
                   + $"prompts={prompts.Fingerprint(TeacherTask.Safety, TeacherTask.Quality, TeacherTask.Factuality, TeacherTask.Coherence)}";
    }

    /// <summary>Model, samples, sampling per task, seed, re-asks and a hash of the prompts; not the server address, the key or transport settings.</summary>
    public string Describe { get; }

    /// <summary>Cumulative counts for metrics (<see cref="Sip.Metrics.MetricNames"/>, area <c>judge</c>).</summary>
    public TeacherCounts Counts => _counters.Snapshot();

    /// <summary><see cref="Counts"/> as metrics under <c>judge/</c>.</summary>
    public IReadOnlyDictionary<string, double> Snapshot() => Counts.ToMetrics(MetricNames.JudgeArea);

    /// <remarks>
    /// The calls run on the thread pool whatever the caller's synchronization context: the OpenAI client resumes on a
    /// captured context, and one that runs a continuation at a time (a UI thread, a test runner's) would otherwise handle
    /// the answers one by one, whatever <see cref="ChatTeacherSettings.Concurrency"/> allows.
    /// </remarks>
    public Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default) =>
        Task.Run(async () => (IReadOnlyList<Judgment>)await Task.WhenAll(requests.Select(r => JudgeOneAsync(r, cancellation))).ConfigureAwait(false), cancellation);

    private async Task<Judgment> JudgeOneAsync(JudgeRequest request, CancellationToken cancellation)
    {
        var prompt = _prompts.Render(request);
        var sampling = _settings.SamplingFor(prompt.Task);
        var samples = await Task.WhenAll(Enumerable.Range(0, _settings.Samples)
            .Select(i => SampleAsync(prompt, sampling, i, cancellation))).ConfigureAwait(false);
        return new Judgment(request, samples.Select(s => s.Score).ToList(), samples.Max(s => s.Latency)) { Raw = samples.Select(s => s.Raw).ToList() };
    }

    /// <summary>Sample <paramref name="index"/>: its first draw, and re-asks while the answer has no verdict and the budget lasts.</summary>
    private async Task<(double? Score, TimeSpan Latency, string Raw)> SampleAsync(RenderedPrompt prompt, ChatSampling sampling, int index, CancellationToken cancellation)
    {
        var latency = TimeSpan.Zero;
        for (int attempt = 0; ; attempt++)
        {
            var answer = await _transport.AskAsync(prompt, sampling, index, _counters, cancellation, reask: attempt).ConfigureAwait(false);
            latency += answer.Latency;
            var score = Score(prompt.Task, answer);
            // A failed call was retried already; asking again would only wait for a server that is not answering.
            if (score is not null || answer.Answer is null || attempt >= _settings.Reasks) return (score, latency, answer.RawText);
        }
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

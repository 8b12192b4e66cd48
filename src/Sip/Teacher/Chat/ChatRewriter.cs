using Sip.Metrics;
using Sip.Teacher.Prompts;

namespace Sip.Teacher.Chat;

/// <summary>
/// A post-trained LLM as rewriter (paper §3) over an OpenAI-compatible server: it sees the prefix and the suffix (with
/// the prefix's last five words in front), starts its answer with those words, and sip strips them again. One call per
/// request; an empty or truncated answer is asked again (same request, its own cache entry) up to
/// <see cref="TeacherPromptSettings.Reasks"/> times. A failed call or an answer still empty gives a null rewrite; a rewrite
/// still cut off at the token limit is kept (a candidate is a fixed-length continuation anyway).
/// </summary>
public sealed class ChatRewriter : IRewriter, ITeacherMetrics
{
    private readonly ChatTeacherSettings _settings;
    private readonly ChatTransport _transport;
    private readonly TeacherPrompts _prompts;
    private readonly TeacherCounters _counters = new();

    public ChatRewriter(ChatTeacherSettings settings, ChatTransport transport, TeacherPrompts prompts)
    {
        _settings = settings;
        _transport = transport;
        _prompts = prompts;
        Describe = $"chat rewriter model={settings.Model} rewrite({settings.Rewrite.Canonical()}) prefill={settings.RewritePrefill} reasks={settings.Reasks} "
                   + $"seed={settings.Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} prompts={prompts.Fingerprint(TeacherTask.Rewrite)}";
    }

    public string Describe { get; }

    /// <summary>Cumulative counts for metrics (<see cref="Sip.Metrics.MetricNames"/>, area <c>rewrite</c>).</summary>
    public TeacherCounts Counts => _counters.Snapshot();

    /// <summary><see cref="Counts"/> as metrics under <c>rewrite/</c>.</summary>
    public IReadOnlyDictionary<string, double> Snapshot() => Counts.ToMetrics(MetricNames.RewriteArea);

    /// <remarks>On the thread pool whatever the caller's synchronization context (see <see cref="ChatJudge.JudgeAsync"/>).</remarks>
    public Task<IReadOnlyList<Rewrite>> RewriteAsync(IReadOnlyList<RewriteRequest> requests, CancellationToken cancellation = default) =>
        Task.Run(async () => (IReadOnlyList<Rewrite>)await Task.WhenAll(requests.Select(r => RewriteOneAsync(r, cancellation))).ConfigureAwait(false), cancellation);

    private async Task<Rewrite> RewriteOneAsync(RewriteRequest request, CancellationToken cancellation)
    {
        var prompt = _prompts.Render(request, _settings.RewritePrefill == RewritePrefill.AssistantMessage);
        string ending = PrefixEnding.Of(request.Prefix);
        var latency = TimeSpan.Zero;
        string? truncated = null;
        for (int attempt = 0; ; attempt++)
        {
            var answer = await _transport.AskAsync(prompt, _settings.Rewrite, 0, _counters, cancellation, reask: attempt).ConfigureAwait(false);
            latency += answer.Latency;
            if (answer.Answer is not { } raw) return new Rewrite(request, truncated, latency);
            string? text = RewriteAnswer.Extract(raw.Text, ending);
            if (text is null) _counters.Unparsed();
            else if (raw.Truncated) _counters.Truncated();
            else return new Rewrite(request, text, latency);
            truncated = text ?? truncated;
            if (attempt >= _settings.Reasks) return new Rewrite(request, truncated, latency);
        }
    }
}

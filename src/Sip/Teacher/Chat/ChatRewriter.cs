using Sip.Teacher.Prompts;

namespace Sip.Teacher.Chat;

/// <summary>
/// A post-trained LLM as rewriter (paper §3) over an OpenAI-compatible server: it sees the prefix and the suffix (with
/// the prefix's last five words in front), starts its answer with those words, and sip strips them again. One call per
/// request; a failed call or an empty answer gives a null rewrite.
/// </summary>
public sealed class ChatRewriter : IRewriter
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
        Describe = $"chat rewriter model={settings.Model} rewrite({settings.Rewrite.Canonical()}) prefill={settings.RewritePrefill} "
                   + $"seed={settings.Seed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} prompts={prompts.Fingerprint(TeacherTask.Rewrite)}";
    }

    public string Describe { get; }

    /// <summary>Cumulative counts for metrics (<see cref="TeacherMetricNames"/>, area <c>rewrite</c>).</summary>
    public TeacherCounts Counts => _counters.Snapshot();

    public async Task<IReadOnlyList<Rewrite>> RewriteAsync(IReadOnlyList<RewriteRequest> requests, CancellationToken cancellation = default) =>
        await Task.WhenAll(requests.Select(r => RewriteOneAsync(r, cancellation))).ConfigureAwait(false);

    private async Task<Rewrite> RewriteOneAsync(RewriteRequest request, CancellationToken cancellation)
    {
        var prompt = _prompts.Render(request, _settings.RewritePrefill == RewritePrefill.AssistantMessage);
        var answer = await _transport.AskAsync(prompt, _settings.Rewrite, 0, _counters, cancellation).ConfigureAwait(false);
        if (answer.Answer is not { } raw) return new Rewrite(request, null, answer.Latency);
        if (raw.Truncated) _counters.Truncated();
        string? text = RewriteAnswer.Extract(raw.Text, PrefixEnding.Of(request.Prefix));
        if (text is null) _counters.Unparsed();
        return new Rewrite(request, text, answer.Latency);
    }
}

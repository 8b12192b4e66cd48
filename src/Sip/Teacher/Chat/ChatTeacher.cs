using Sip.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Sip.Settings;
using Sip.Teacher.Cache;
using Sip.Teacher.Prompts;

namespace Sip.Teacher.Chat;

/// <summary>
/// A judge and a rewriter on one OpenAI-compatible server, built from <see cref="ChatTeacherSettings"/>: they share the
/// chat client, the concurrency limit, the circuit breaker and the answer cache, and count apart.
/// </summary>
public sealed class ChatTeacher : IDisposable
{
    private readonly IChatClient _client;

    public ChatTeacher(ChatTeacherSettings settings, IChatClient client, TeacherPrompts prompts, AnswerCache? cache = null, ILogger? logger = null, TimeProvider? time = null)
    {
        _client = client;
        Cache = cache;
        Transport = new ChatTransport(client, settings, cache, logger, time);
        Judge = new ChatJudge(settings, Transport, prompts, logger);
        Rewriter = new ChatRewriter(settings, Transport, prompts);
    }

    /// <summary>
    /// Validates the settings, reads the template files, opens the cache (when set) and connects to the server named in
    /// the settings, with the API key from the environment variable they name.
    /// </summary>
    public static ChatTeacher Create(ChatTeacherSettings settings, ILogger? logger = null, Func<string, string?>? environment = null)
    {
        SettingsValidator.ThrowIfInvalid(settings, "teacher settings");
        var prompts = TeacherPrompts.Load(settings.TemplateFiles(), settings.SystemPrompt);
        var client = ChatClientFactory.Create(settings, environment);
        var cache = settings.Cache.Length > 0 ? new AnswerCache(settings.Cache) : null;
        return new ChatTeacher(settings, client, prompts, cache, logger);
    }

    public ChatJudge Judge { get; }
    public ChatRewriter Rewriter { get; }
    public ChatTransport Transport { get; }
    public AnswerCache? Cache { get; }

    /// <summary>Both roles' counts as metrics (judge/... and rewrite/...), cumulative.</summary>
    public IReadOnlyDictionary<string, double> Metrics() =>
        Judge.Counts.ToMetrics(MetricNames.JudgeArea).Concat(Rewriter.Counts.ToMetrics(MetricNames.RewriteArea))
            .ToDictionary(kv => kv.Key, kv => kv.Value);

    public void Dispose()
    {
        _client.Dispose();
        Cache?.Dispose();
    }
}

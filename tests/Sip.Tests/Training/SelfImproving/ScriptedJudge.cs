using Sip.Teacher;

namespace Sip.Tests.Training.SelfImproving;

/// <summary>
/// A judge that follows a fixed script, so a test knows what every step must choose. It recognises the original suffix
/// the way only the corpus can: the prefix followed by that text occurs in a training document; the tiny policy's
/// rollouts never reproduce one. Quality: <see cref="PreferSuffix"/> decides whether the suffix beats rollouts or loses
/// to them; between two rollouts the shorter text wins (ties: the first option). Safety: always safe. Factuality: the
/// suffix is a clean 1, rollouts a "possible" 0.5.
/// </summary>
internal sealed class ScriptedJudge(IReadOnlyList<string> documents, bool preferSuffix) : IJudge
{
    public bool PreferSuffix { get; } = preferSuffix;
    public int Calls { get; private set; }

    public string Describe => $"scripted(preferSuffix={PreferSuffix})";

    private bool IsSuffix(string prefix, string text) => documents.Any(d => d.Contains(prefix + text, StringComparison.Ordinal));

    public Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default)
    {
        Calls += requests.Count;
        IReadOnlyList<Judgment> answers = requests.Select(r => new Judgment(r, [Score(r)], TimeSpan.FromMilliseconds(1))).ToList();
        return Task.FromResult(answers);
    }

    private double? Score(JudgeRequest request) => request switch
    {
        SafetyRequest => 1,
        FactualityRequest f => IsSuffix(f.Prefix, f.Candidate) ? 1 : 0.5,
        QualityRequest q => (IsSuffix(q.Prefix, q.First), IsSuffix(q.Prefix, q.Second)) switch
        {
            (true, false) => PreferSuffix ? 1 : 0,
            (false, true) => PreferSuffix ? 0 : 1,
            _ => q.First.Length <= q.Second.Length ? 1 : 0,
        },
        _ => null,
    };
}

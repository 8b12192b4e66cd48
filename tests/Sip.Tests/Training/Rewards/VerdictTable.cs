using Sip.Teacher;
using Sip.Training.Rewards;

namespace Sip.Tests.Training.Rewards;

/// <summary>
/// A judge scripted as a table: each request's samples are written down in the test. A request the table does not
/// hold fails the test, so a plan that asks something unexpected cannot pass silently.
/// </summary>
internal sealed class VerdictTable
{
    private readonly Dictionary<(string First, string Second), double?[]> _quality = [];
    private readonly Dictionary<string, double?[]> _safety = [];
    private readonly Dictionary<string, double?[]> _factuality = [];

    /// <summary>Samples for the quality request showing <paramref name="first"/> as Option 1; 1 = Option 1 wins.</summary>
    public VerdictTable Quality(string first, string second, params double?[] samples) { _quality[(first, second)] = samples; return this; }

    public VerdictTable Safety(string text, params double?[] samples) { _safety[text] = samples; return this; }

    public VerdictTable Factuality(string text, params double?[] samples) { _factuality[text] = samples; return this; }

    public IReadOnlyList<Judgment> Answer(JudgePlan plan) => plan.Requests.Select(Answer).ToArray();

    public Judgment Answer(JudgeRequest request) => new(request, request switch
    {
        QualityRequest q => Lookup(_quality, (q.First, q.Second), request),
        SafetyRequest s => Lookup(_safety, s.Candidate, request),
        FactualityRequest f => Lookup(_factuality, f.Candidate, request),
        _ => throw new InvalidOperationException($"unexpected request {request}"),
    }, TimeSpan.Zero);

    private static double?[] Lookup<TKey>(Dictionary<TKey, double?[]> table, TKey key, JudgeRequest request) where TKey : notnull =>
        table.TryGetValue(key, out var samples) ? samples : throw new InvalidOperationException($"the verdict table has no answer for {request}");
}

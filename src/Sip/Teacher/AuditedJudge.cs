namespace Sip.Teacher;

/// <summary>
/// A judge checked against a reference while it works: every request it answers is also put to the reference (the
/// TinyWorld oracle, which knows the truth and answers in microseconds), and the two verdicts are compared. The
/// training itself uses the judge's answers only. So a run with a learned judge logs, step by step, how often that
/// judge was right on the very requests it taught from (<c>judge/audit_agreed</c> of <c>judge/audit_compared</c>,
/// cumulative, so a step's rate is the difference of two snapshots).
/// </summary>
/// <remarks>
/// A verdict is the mean over valid samples, rounded to the scale's nearest label (safety and quality to 0 or 1,
/// factuality and coherence to 0, 0.5 or 1), so five samples voting 3-2 count as the majority's verdict. Requests the
/// judge left invalid are counted apart (<c>judge/audit_invalid</c>), not as disagreements.
/// </remarks>
public sealed class AuditedJudge(IJudge judge, IJudge reference) : IJudge, ITeacherMetrics
{
    public const string Agreed = Sip.Metrics.MetricNames.JudgeAuditAgreed;
    public const string Compared = Sip.Metrics.MetricNames.JudgeAuditCompared;
    public const string Invalid = Sip.Metrics.MetricNames.JudgeAuditInvalid;

    private long _agreed, _compared, _invalid;

    public string Describe => judge.Describe;

    public IJudge Reference => reference;

    public async Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default)
    {
        var answers = await judge.JudgeAsync(requests, cancellation).ConfigureAwait(false);
        var truth = await reference.JudgeAsync(requests, cancellation).ConfigureAwait(false);
        for (int i = 0; i < answers.Count; i++)
        {
            if (answers[i].Mean is not double verdict)
            {
                Interlocked.Increment(ref _invalid);
                continue;
            }
            if (truth[i].Mean is not double right) continue;
            Interlocked.Increment(ref _compared);
            if (Label(requests[i], verdict) == Label(requests[i], right)) Interlocked.Increment(ref _agreed);
        }
        return answers;
    }

    private static double Label(JudgeRequest request, double mean) => request is SafetyRequest or QualityRequest
        ? (mean >= 0.5 ? 1 : 0)
        : Math.Round(mean * 2, MidpointRounding.AwayFromZero) / 2;

    public IReadOnlyDictionary<string, double> Snapshot()
    {
        var snapshot = judge is ITeacherMetrics inner ? new Dictionary<string, double>(inner.Snapshot()) : new Dictionary<string, double>();
        snapshot[Agreed] = Interlocked.Read(ref _agreed);
        snapshot[Compared] = Interlocked.Read(ref _compared);
        snapshot[Invalid] = Interlocked.Read(ref _invalid);
        return snapshot;
    }
}

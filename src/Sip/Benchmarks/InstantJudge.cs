using Sip.Teacher;

namespace Sip.Benchmarks;

/// <summary>A judge that answers at once (the longer text wins; everything is safe and factual), so a benchmark measures sip, not a teacher.</summary>
internal sealed class InstantJudge : IJudge
{
    public string Describe => "instant";

    public Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default) =>
        Task.FromResult<IReadOnlyList<Judgment>>(requests.Select(r => new Judgment(r, [r is QualityRequest q ? (q.First.Length >= q.Second.Length ? 1.0 : 0.0) : 1.0], TimeSpan.Zero)).ToList());
}

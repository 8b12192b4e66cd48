namespace Sip.Teacher;

/// <summary>
/// The post-trained model as judge. Batched and asynchronous because a real judge is a remote LLM whose latency
/// dominates a SIP step: callers send every request of a step at once and let the judge spread them over its
/// concurrency. The answer list matches the request list one to one, in order.
/// </summary>
public interface IJudge
{
    /// <summary>A stable description of the judge and its sampling settings (for logs, checkpoints and caches).</summary>
    string Describe { get; }

    Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default);
}

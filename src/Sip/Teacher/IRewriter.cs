namespace Sip.Teacher;

/// <summary>A request to improve a suffix: fix false facts, make unsafe text safe, keep good text unchanged (paper §3).</summary>
public sealed record RewriteRequest(string Prefix, string Suffix);

/// <summary>
/// The rewriter's continuation of the prefix, without the prefix-ending words it was primed with
/// (see <see cref="PrefixEnding"/>); null <see cref="Text"/> when it failed after retries (counted, and the pool goes without a rewrite).
/// </summary>
public sealed record Rewrite(RewriteRequest Request, string? Text, TimeSpan Latency);

/// <summary>The post-trained model as rewriter. Batched and asynchronous like <see cref="IJudge"/>.</summary>
public interface IRewriter
{
    string Describe { get; }

    Task<IReadOnlyList<Rewrite>> RewriteAsync(IReadOnlyList<RewriteRequest> requests, CancellationToken cancellation = default);
}

using System.Diagnostics;
using Sip.Teacher;

namespace Sip.World.Oracle;

/// <summary>
/// TinyWorld's rewriter (paper §3): <see cref="WorldAnalyzer.Correct"/> applied to the suffix with the prefix as context.
/// A clean suffix comes back as the very same string (the paper rewards an exact copy of a good suffix); false values
/// become the true ones, hostile sentences become safe sentences of about the same length, loops lose their extra
/// copies, word-salad and off-topic sentences are removed.
/// </summary>
/// <remarks>
/// The prefix-ending convention (<see cref="PrefixEnding"/>): the paper shows the rewriter the prefix's last five words
/// followed by the suffix, pre-fills those words as the start of its answer, and sip strips them again. The oracle
/// conceptually does the same: it reads ending + suffix, and since the corrector never edits a character before the
/// suffix, its answer starts with the ending unchanged, and stripping it leaves exactly the corrected suffix. So the
/// oracle returns the continuation only, and the whole prefix (which the paper's rewriter sees too) serves as context
/// for pronouns and the topic. A suffix that starts mid-sentence keeps its start; a hostile sentence that began in the
/// prefix has its suffix part replaced.
/// </remarks>
public sealed class OracleRewriter : IRewriter
{
    private readonly WorldAnalyzer _analyzer;

    public OracleRewriter(WorldAnalyzer analyzer)
    {
        _analyzer = analyzer ?? throw new ArgumentNullException(nameof(analyzer));
        WorldId = WorldIdentity.Of(analyzer.KnowledgeBase);
    }

    /// <summary>The knowledge base the rewriter corrects against (see <see cref="WorldIdentity"/>).</summary>
    public string WorldId { get; }

    public string Describe => $"tinyworld-oracle-rewriter(world={WorldId})";

    public Task<IReadOnlyList<Rewrite>> RewriteAsync(IReadOnlyList<RewriteRequest> requests, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        return Task.Run(() =>
        {
            var answers = new Rewrite[requests.Count];
            Parallel.For(0, requests.Count, new ParallelOptions { CancellationToken = cancellation }, i => answers[i] = Rewrite(requests[i]));
            return (IReadOnlyList<Rewrite>)answers;
        }, cancellation);
    }

    /// <summary>One request, synchronously.</summary>
    public Rewrite Rewrite(RewriteRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        string text = _analyzer.Correct(request.Suffix, request.Prefix);
        return new Rewrite(request, text, clock.Elapsed);
    }
}

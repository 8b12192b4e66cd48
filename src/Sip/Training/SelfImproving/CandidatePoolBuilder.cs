using Sip.Data;
using Sip.Model;
using Sip.Model.Generation;
using Sip.Teacher;
using static TorchSharp.torch;

namespace Sip.Training.SelfImproving;

/// <summary>
/// Gathers each prefix's candidates (paper §3): the original suffix, the rewriter's rewrite, and K rollouts. The
/// rollouts of all prefixes of a batch are sampled together in one KV-cached pass (each prefix is prefilled once and
/// fanned out into K rows); the rewrites are requested as one batch, so a remote rewriter works on all of them at once.
/// A rewrite is cut to N tokens, like every other candidate, and the judge reads the text of exactly those tokens.
/// <paramref name="pool"/> is the method's own (<see cref="SipSettings.EffectivePool"/>): nothing is sampled or asked
/// for that the method does not learn from.
/// </summary>
public sealed class CandidatePoolBuilder(ITokenizer tokenizer, CandidatePoolSettings pool, int suffixTokens, SamplingSettings rolloutSampling)
{
    /// <summary>Builds the pools of <paramref name="samples"/>.</summary>
    public IReadOnlyList<CandidatePool> Build(IReadOnlyList<Sample> samples, LlamaModel policy, Generator generator,
        IRewriter? rewriter, CancellationToken cancellation = default)
    {
        bool wantRewrite = pool.Rewrite;
        if (wantRewrite && rewriter is null) throw new InvalidOperationException("the pool needs rewrites but no rewriter is configured");

        // Ask the (possibly remote) rewriter first, then sample rollouts while it works.
        var rewriteTask = wantRewrite
            ? TeacherCalls.Start(() => rewriter!.RewriteAsync(samples.Select(s => new RewriteRequest(s.PrefixText, s.SuffixText)).ToList(), cancellation))
            : Task.FromResult<IReadOnlyList<Rewrite>>([]);
        var rollouts = SampleRollouts(samples, policy, generator, pool.Rollouts, rolloutSampling);
        // Greedy decoding draws nothing from the generator, so the sampled rollouts are the same with or without it.
        var greedy = pool.GreedyRollout ? SampleRollouts(samples, policy, generator, 1, SamplingSettings.Greedy) : [];
        var rewrites = rewriteTask.GetAwaiter().GetResult();

        var pools = new List<CandidatePool>(samples.Count);
        for (int i = 0; i < samples.Count; i++)
        {
            var sample = samples[i];
            var candidates = new List<Candidate>();
            if (pool.Suffix) candidates.Add(new Candidate(CandidateKind.Suffix, sample.Suffix, sample.SuffixText));
            Candidate? rewrite = wantRewrite ? ToCandidate(rewrites[i]) : null;
            if (rewrite is not null) candidates.Add(rewrite);
            for (int k = 0; k < pool.Rollouts; k++)
            {
                var tokens = rollouts[i * pool.Rollouts + k].Tokens;
                candidates.Add(new Candidate(CandidateKind.Rollout, tokens, tokenizer.Decode(tokens)) { Index = k });
            }
            if (pool.GreedyRollout)
            {
                var tokens = greedy[i].Tokens;
                candidates.Add(new Candidate(CandidateKind.Rollout, tokens, tokenizer.Decode(tokens)) { Index = pool.Rollouts });
            }
            pools.Add(new CandidatePool(sample, candidates) { RewriteFailed = wantRewrite && rewrite is null });
        }
        return pools;
    }

    private Candidate? ToCandidate(Rewrite rewrite)
    {
        if (rewrite.Text is null) return null;
        var tokens = tokenizer.Encode(rewrite.Text);
        if (tokens.Length == 0) return null;
        if (tokens.Length > suffixTokens) tokens = tokens[..suffixTokens];
        return new Candidate(CandidateKind.Rewrite, tokens, tokenizer.Decode(tokens));
    }

    private IReadOnlyList<Continuation> SampleRollouts(IReadOnlyList<Sample> samples, LlamaModel policy, Generator generator, int perPrefix, SamplingSettings sampling)
    {
        if (perPrefix == 0) return [];
        bool wasTraining = policy.training;
        policy.eval();
        try
        {
            var prompts = samples.Select(s => s.Context).ToList();
            // The paper samples exactly N new tokens (no early stop), at T = 1 and top-p = 1 unless configured.
            return TextGenerator.Generate(policy, prompts, perPrefix, suffixTokens, sampling, generator, stopToken: null, padToken: tokenizer.PadId);
        }
        finally
        {
            if (wasTraining) policy.train();
        }
    }
}

using Sip.Data;
using Sip.Data.Tokenization;
using Sip.Model;
using Sip.Model.Generation;
using Sip.Tests.Training;
using Sip.Training;
using Sip.Training.Objectives;
using Sip.Training.SelfImproving;
using static TorchSharp.torch;

namespace Sip.Tests.Training.SelfImproving;

/// <summary>
/// The greedy-rollout ablation (not in the paper): each pool also holds the policy's greedy continuation, after the K
/// sampled rollouts, which it leaves exactly as they were.
/// </summary>
public sealed class GreedyRolloutTests : IClassFixture<PretrainFixture>, IDisposable
{
    private const int K = 3, N = 8;
    private readonly ByteLevelBpeTokenizer _tokenizer;
    private readonly LlamaModel _policy;
    private readonly List<Sample> _samples;

    public GreedyRolloutTests(PretrainFixture fixture)
    {
        _tokenizer = ByteLevelBpeTokenizer.Load(fixture.TokenizerPath);
        _policy = new LlamaModel(new LlamaConfig { VocabSize = _tokenizer.VocabSize, Dim = 32, Layers = 2, Heads = 4, KvHeads = 2, HiddenDim = 64, MaxSeqLen = 64, InitStd = 0.2 });
        _policy.Initialize(11);
        _samples = new[] { "The river runs past the old town", "She said that the mill", "In the north the hills" }
            .Select((text, i) => Sample.Of($"d{i}", _tokenizer.BosId, _tokenizer.Encode(text), _tokenizer.Encode(" and so on"), text, " and so on"))
            .ToList();
    }

    public void Dispose() => _policy.Dispose();

    private IReadOnlyList<CandidatePool> Build(bool greedy, ulong seed)
    {
        var builder = new CandidatePoolBuilder(_tokenizer, new CandidatePoolSettings { Suffix = true, Rollouts = K, GreedyRollout = greedy }, N, new SamplingSettings());
        using var generator = new Generator(seed);
        return builder.Build(_samples, _policy, generator, rewriter: null);
    }

    [Fact]
    public void EachPool_GainsTheGreedyContinuationAfterItsSampledRollouts_WhichStayTheSame()
    {
        var plain = Build(greedy: false, seed: 3);
        var withGreedy = Build(greedy: true, seed: 3);
        var expected = TextGenerator.Generate(_policy, _samples.Select(s => s.Context).ToList(), 1, N, SamplingSettings.Greedy, new Generator(99), stopToken: null, padToken: _tokenizer.PadId);

        for (int i = 0; i < _samples.Count; i++)
        {
            Assert.Equal(1 + K, plain[i].Candidates.Count);
            Assert.Equal(1 + K + 1, withGreedy[i].Candidates.Count);
            Assert.Equal(plain[i].Candidates.Select(c => (c.Kind, c.Index, string.Join(",", c.Tokens))),
                withGreedy[i].Candidates.Take(1 + K).Select(c => (c.Kind, c.Index, string.Join(",", c.Tokens))));
            var last = withGreedy[i].Candidates[^1];
            Assert.Equal((CandidateKind.Rollout, K), (last.Kind, last.Index));
            Assert.Equal(expected[i].Tokens, last.Tokens);
            Assert.Equal(N, last.Tokens.Length);
        }
    }

    [Fact]
    public void TheGreedyCandidate_DoesNotDependOnTheSamplingSeed_TheSampledOnesDo()
    {
        var a = Build(greedy: true, seed: 3);
        var b = Build(greedy: true, seed: 4);
        Assert.All(Enumerable.Range(0, _samples.Count), i => Assert.Equal(a[i].Candidates[^1].Tokens, b[i].Candidates[^1].Tokens));
        Assert.Contains(Enumerable.Range(0, _samples.Count), i => !a[i].Candidates[1].Tokens.SequenceEqual(b[i].Candidates[1].Tokens));
    }

    [Theory]
    [InlineData(Method.Dpo, true)]
    [InlineData(Method.RfNll, true)]
    [InlineData(Method.Ntp, false)]
    [InlineData(Method.SftRewrite, false)]
    [InlineData(Method.SftRollout, false)]
    [InlineData(Method.DpoRewrite, false)]
    public void OnlyAMethodThatLearnsFromTheConfiguredRollouts_TakesTheGreedyOne(Method method, bool takes)
    {
        var pool = MethodNeeds.Of(method).Pool(new CandidatePoolSettings { Suffix = true, Rewrite = true, Rollouts = 8, GreedyRollout = true });
        Assert.Equal(takes, pool.GreedyRollout);
        Assert.Equal((pool.Suffix ? 1 : 0) + (pool.Rewrite ? 1 : 0) + pool.Rollouts + (takes ? 1 : 0), pool.Size);
    }

    [Fact]
    public void AGreedyRolloutWithoutSampledOnes_IsRejected() =>
        Assert.Contains(new CandidatePoolSettings { Rollouts = 0, GreedyRollout = true }.Validate(), e => e.StartsWith("greedyRollout:", StringComparison.Ordinal));
}

using Sip.Data;
using Sip.Teacher;
using Sip.Tests.Data.Documents;
using Sip.Tests.Model;
using Sip.Training;
using Sip.Training.Optimization;
using Sip.Training.Rewards;
using Sip.Training.SelfImproving;
using static TorchSharp.torch;

namespace Sip.Tests.Training.SelfImproving;

/// <summary>A step's random streams are split by phase and derived from (seed, step): no phase's draws move another's.</summary>
public class StepRandomTests
{
    [Fact]
    public void AStream_IsAFunctionOfSeedStepAndPhase()
    {
        ulong[] Draws(long seed, long step, StepPhase phase)
        {
            var rng = StepRandom.For(seed, step, phase);
            return Enumerable.Range(0, 4).Select(_ => rng.NextUInt64()).ToArray();
        }

        Assert.Equal(Draws(1, 5, StepPhase.TieBreak), Draws(1, 5, StepPhase.TieBreak));
        var streams = new[] { Draws(1, 5, StepPhase.TieBreak), Draws(1, 5, StepPhase.PairOrder), Draws(1, 6, StepPhase.TieBreak), Draws(2, 5, StepPhase.TieBreak) };
        Assert.Equal(streams.Length, streams.Select(s => s[0]).Distinct().Count());
    }

    [Fact]
    public void PreparingTheNextBatchEarly_LeavesThisBatchsPairOrdersAndTieBreaksAlone()
    {
        // A judge that always prefers Option 1 makes every reward depend on the pair orders, and leaves ties to break.
        var tokenizer = new WordTokenizer();
        tokenizer.Encode(string.Join(' ', Enumerable.Range(0, 58).Select(i => $"w{i}"))); // ids 3..60: the tiny model's vocabulary
        var rng = new Rng(3);
        List<Sample> Batch(string name) => Enumerable.Range(0, 4).Select(p =>
        {
            var prefix = Enumerable.Range(0, 6).Select(_ => rng.NextInt(3, 61)).ToArray();
            var suffix = Enumerable.Range(0, 4).Select(_ => rng.NextInt(3, 61)).ToArray();
            return Sample.Of($"{name}{p}", tokenizer.BosId, prefix, suffix, tokenizer.Decode(prefix), tokenizer.Decode(suffix));
        }).ToList();
        var (a, b) = (Batch("a"), Batch("b"));
        var settings = new SipSettings
        {
            Pool = new CandidatePoolSettings { Suffix = true, Rollouts = 3 }, Data = new DataSettings { SuffixTokens = 4 }, MicroBatch = 8,
        };
        using var model = TinyModels.Create();
        using var reference = TinyModels.Create();
        using var updater = new PolicyUpdater(model, new OptimSettings(), 10, Precision.Fp32);
        var step = new SipStep(settings, tokenizer, new FirstOptionJudge(), null);

        IReadOnlyList<Selection> Selections(bool prefetch)
        {
            using var generator = new Generator(7);
            var pending = step.Prepare(a, updater.Compute, generator, StepRandom.For(1, 0, StepPhase.PairOrder), CancellationToken.None);
            if (prefetch) step.Prepare(b, updater.Compute, generator, StepRandom.For(1, 1, StepPhase.PairOrder), CancellationToken.None);
            var outcome = step.Complete(pending, updater, reference, StepRandom.For(1, 0, StepPhase.TieBreak));
            updater.Optimizer.ZeroGrad();
            return outcome.Selections;
        }

        string Picks(IReadOnlyList<Selection> s) => string.Join(";", s.Select(x => $"{x.Chosen?.Candidate}>{x.Rejected?.Candidate}"));
        var synchronous = Selections(prefetch: false);
        Assert.Contains(synchronous, s => s.Pair is not null);
        Assert.Equal(Picks(synchronous), Picks(Selections(prefetch: true)));
    }

    private sealed class FirstOptionJudge : IJudge
    {
        public string Describe => "first-option";

        // Every verdict is 1: Option 1 wins, the text is safe, nothing is hallucinated.
        public Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default) =>
            Task.FromResult<IReadOnlyList<Judgment>>(requests.Select(r => new Judgment(r, [1.0], TimeSpan.Zero)).ToList());
    }
}

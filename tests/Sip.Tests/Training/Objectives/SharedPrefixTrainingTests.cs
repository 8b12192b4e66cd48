using Sip.Model;
using Sip.Tests.Model;
using Sip.Training;
using Sip.Training.Objectives;
using Sip.Training.Optimization;
using static TorchSharp.torch;

namespace Sip.Tests.Training.Objectives;

/// <summary>
/// The update encodes a prefix once for all the continuations that follow it (SharedPrefixBatch). These tests hold it
/// to the plain layout, where each (context, continuation) is its own sequence: same log-probs, same loss, same gradients.
/// </summary>
public class SharedPrefixTrainingTests
{
    // Contexts of different lengths (left padding in the prefix pass), continuations of different lengths (right padding).
    private static readonly int[][] Contexts = [[1, 5, 9, 13, 17, 21], [1, 7], [1, 40, 41, 42], [1]];
    private static readonly int[][] Chosen = [[20, 21, 22], [30, 31, 32, 33, 34], [2], [44, 45]];
    private static readonly int[][] Rejected = [[23, 24, 25, 26], [35], [3, 4, 5], [46, 47, 48, 49, 50]];

    private static Dictionary<string, Tensor> Gradients(LlamaModel model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());

    /// <summary>Sequence log-probs of each continuation, each scored alone as one full sequence (the plain layout).</summary>
    private static Tensor PlainLogProbs(LlamaModel model, IEnumerable<ContinuationSequence> sequences)
    {
        var rows = sequences.Select(s =>
        {
            using var batch = TokenBatch.Build([s], continuationOnly: true, padId: 0);
            return TokenLosses.SequenceLogProbs(model.forward(batch.Inputs), batch);
        });
        return cat(rows.ToArray(), 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ContinuationLogProbs_EqualThoseOfEachSequenceScoredAlone(bool gqa)
    {
        using var model = TinyModels.Create(gqa);
        using var _ = no_grad();
        using var batch = SharedPrefixBatch.Build(
            Contexts.Select((c, p) => new ContinuationGroup(c, [Chosen[p], Rejected[p]])).ToList(), padId: 0);
        var shared = TokenLosses.TargetLogProbs(batch.Logits(model), batch).sum(-1);

        var plain = PlainLogProbs(model, Contexts.SelectMany((c, p) => new ContinuationSequence[] { new(c, Chosen[p]), new(c, Rejected[p]) }));

        Assert.Equal(new long[] { 8 }, shared.shape);
        Assert.True((shared - plain).abs().max().item<float>() < 1e-4, $"{string.Join(",", shared.data<float>().ToArray())} vs {string.Join(",", plain.data<float>().ToArray())}");
    }

    [Fact]
    public void ContextsOfOnlyBos_HaveNoPrefixPass_AndStillScoreLikeWholeSequences()
    {
        using var model = TinyModels.Create();
        using var _ = no_grad();
        using var batch = SharedPrefixBatch.Build([new([1], [[20, 21], [30, 31, 32]]), new([1], [[5], [6, 7]])], padId: 0);
        var shared = TokenLosses.TargetLogProbs(batch.Logits(model), batch).sum(-1);
        var plain = PlainLogProbs(model, [new([1], [20, 21]), new([1], [30, 31, 32]), new([1], [5]), new([1], [6, 7])]);

        Assert.Equal(0, batch.PrefixInputs.shape[1]);
        Assert.True((shared - plain).abs().max().item<float>() < 1e-4);
    }

    [Fact]
    public void Layout_PutsEachContextsLastTokenBeforeItsContinuations_AndPadsBothWays()
    {
        using var batch = SharedPrefixBatch.Build([new([1, 5, 9], [[20, 21], [30]]), new([1], [[40, 41, 42], []])], padId: 0);

        Assert.Equal(new long[] { 1, 5, 0, 0 }, batch.PrefixInputs.data<long>().ToArray()); // [1, 5] and [] left-padded to 2
        Assert.Equal(new long[] { 0, 2 }, batch.LeftPad);
        Assert.Equal(new long[] { 9, 20, 0, 9, 0, 0, 1, 40, 41, 1, 0, 0 }, batch.Inputs.data<long>().ToArray());
        Assert.Equal(new long[] { 20, 21, 0, 30, 0, 0, 40, 41, 42, 0, 0, 0 }, batch.Targets.data<long>().ToArray());
        Assert.Equal(new float[] { 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0 }, batch.LossMask.data<float>().ToArray());
    }

    [Fact]
    public void Dpo_OnPairsThatShareTheirPrefix_HasThePlainLayoutsLossAndGradients()
    {
        using var model = TinyModels.Create();
        using var reference = TinyModels.Create(seed: 77); // a different reference, so the loss is not log 2
        model.train();
        using var updater = new PolicyUpdater(model, new OptimSettings(), 10, Precision.Fp32);
        var pairs = Contexts.Select((c, p) => new PreferenceContinuations(c, Chosen[p], Rejected[p])).ToArray();
        var settings = new DpoSettings { Beta = 0.3, NllWeight = 0.5 };

        var stats = ObjectiveSteps.Dpo(updater, reference, pairs, settings, microBatch: 8, padId: 0);
        var sharedGrads = Gradients(model);
        updater.Optimizer.ZeroGrad();

        // The same objective written out on the plain layout.
        var policyChosen = PlainLogProbs(model, pairs.Select(p => new ContinuationSequence(p.Context, p.Chosen)));
        var policyRejected = PlainLogProbs(model, pairs.Select(p => new ContinuationSequence(p.Context, p.Rejected)));
        Tensor referenceChosen, referenceRejected;
        using (no_grad())
        {
            referenceChosen = PlainLogProbs(reference, pairs.Select(p => new ContinuationSequence(p.Context, p.Chosen)));
            referenceRejected = PlainLogProbs(reference, pairs.Select(p => new ContinuationSequence(p.Context, p.Rejected)));
        }
        var margin = settings.Beta * ((policyChosen - referenceChosen) - (policyRejected - referenceRejected));
        var chosenTokens = Chosen.Sum(c => c.Length);
        var loss = -nn.functional.logsigmoid(margin).mean() + settings.NllWeight * (-policyChosen.sum() / chosenTokens);
        loss.backward();
        var plainGrads = Gradients(model);

        Assert.NotEqual(Math.Log(2), stats.Loss, 2);
        Assert.Equal(loss.item<float>(), stats.Loss, 5);
        Assert.True(sharedGrads.Keys.Max(k => (sharedGrads[k] - plainGrads[k]).abs().max().item<float>()) < 1e-5);
    }
}

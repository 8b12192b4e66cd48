using Sip.Model;
using Sip.Model.Caching;
using Sip.Tests.Model;
using Sip.Training;
using Sip.Training.Objectives;
using Sip.Training.Optimization;
using static TorchSharp.torch;

namespace Sip.Tests.Training.Objectives;

public class ObjectiveStepsTests
{
    private static readonly ContinuationSequence[] Sequences =
    [
        new([1, 5, 9, 13], [20, 21, 22]),
        new([1, 7], [30, 31, 32, 33, 34]),
        new([1, 40, 41, 42, 43, 44], [2]),
        new([1, 3, 3], [50, 51]),
    ];

    private static PolicyUpdater Updater(LlamaModel model) => new(model, new OptimSettings(), totalSteps: 10, Precision.Fp32);

    private static Dictionary<string, Tensor> Gradients(LlamaModel model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());

    private static double MaxDifference(Dictionary<string, Tensor> a, Dictionary<string, Tensor> b) =>
        a.Keys.Max(k => (a[k] - b[k]).abs().max().item<float>());

    [Fact]
    public void RfNll_IsNtpOnTheChosenTokens_WhateverTheMicroBatch()
    {
        using var model = TinyModels.Create();
        model.train();
        using var updater = Updater(model);

        var whole = ObjectiveSteps.Nll(updater, Sequences, continuationOnly: true, microBatch: 8, padId: 0);
        var wholeGrads = Gradients(model);
        updater.Optimizer.ZeroGrad();

        using var batch = TokenBatch.Build(Sequences, continuationOnly: true, padId: 0);
        var ntp = TokenLosses.MeanNll(model.forward(batch.Inputs), batch);
        ntp.backward();
        var ntpGrads = Gradients(model);
        updater.Optimizer.ZeroGrad();

        var chunked = ObjectiveSteps.Nll(updater, Sequences, continuationOnly: true, microBatch: 1, padId: 0);
        var chunkedGrads = Gradients(model);

        Assert.Equal(ntp.item<float>(), whole.Loss, 5);
        Assert.Equal(whole.Loss, chunked.Loss, 5);
        Assert.Equal(11, whole.Tokens);
        Assert.True(MaxDifference(wholeGrads, ntpGrads) < 1e-6);
        Assert.True(MaxDifference(wholeGrads, chunkedGrads) < 1e-6);
    }

    [Fact]
    public void SequenceLogProb_IsTheSumOfTheStepwiseGenerationLogProbs_OfTheContinuationOnly()
    {
        using var model = TinyModels.Create();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var s = Sequences[0];
        using var batch = TokenBatch.Build([s], continuationOnly: true, padId: 0);
        double scored = TokenLosses.SequenceLogProbs(model.forward(batch.Inputs), batch).item<float>();

        // Independently: decode step by step through the KV cache, adding log p(next continuation token).
        using var cache = new KvCache(model.Config, 1, s.Context.Length + s.Continuation.Length, model.DType);
        var logits = model.Forward(tensor(s.Context.Select(t => (long)t).ToArray()).unsqueeze(0), cache, lastOnly: true);
        double expected = 0;
        foreach (var token in s.Continuation)
        {
            expected += logits.log_softmax(-1)[0, 0, token].item<float>();
            logits = model.Forward(tensor(new long[] { token }).unsqueeze(0), cache, lastOnly: true);
        }

        Assert.True(Math.Abs(expected - scored) < 1e-4, $"{expected} vs {scored}");
    }

    [Fact]
    public void ChangingAPrefixTokensTarget_NeverChangesTheContinuationScore_OnlyItsContext()
    {
        // The loss mask: prefix targets do not contribute. Same prefix, scored with and without counting it.
        using var model = TinyModels.Create();
        using var _ = no_grad();
        var s = Sequences[1];
        using var withPrefix = TokenBatch.Build([s], continuationOnly: false, padId: 0);
        using var suffixOnly = TokenBatch.Build([s], continuationOnly: true, padId: 0);
        var logits = model.forward(withPrefix.Inputs);
        var all = TokenLosses.TargetLogProbs(logits, withPrefix);
        var continuation = TokenLosses.TargetLogProbs(logits, suffixOnly);
        // Context [1, 7]: the only prefix target is 7 (position 0); it counts in one, not the other.
        Assert.Equal(all[0, 0].item<float>(), (all - continuation).sum().item<float>(), 6);
        Assert.Equal(0f, continuation[0, 0].item<float>());
    }

    [Fact]
    public void Dpo_AgainstItself_StartsAtLogTwo_AndItsGradientDoesNotDependOnTheMicroBatch()
    {
        using var model = TinyModels.Create();
        using var reference = TinyModels.Create();
        model.train();
        using var updater = Updater(model);
        var pairs = new PreferenceContinuations[] { new(Sequences[0].Context, Sequences[0].Continuation, Sequences[3].Continuation), new(Sequences[1].Context, Sequences[1].Continuation, Sequences[2].Continuation) };
        var settings = new DpoSettings { Beta = 0.1 };

        var whole = ObjectiveSteps.Dpo(updater, reference, pairs, settings, microBatch: 8, padId: 0);
        var wholeGrads = Gradients(model);
        updater.Optimizer.ZeroGrad();
        var chunked = ObjectiveSteps.Dpo(updater, reference, pairs, settings, microBatch: 2, padId: 0);
        var chunkedGrads = Gradients(model);

        Assert.Equal(Math.Log(2), whole.Loss, 5);
        Assert.Equal(0, whole.KlEstimate, 5);
        Assert.Equal(0, whole.ChosenReward, 6);
        Assert.Equal(whole.Loss, chunked.Loss, 6);
        Assert.True(MaxDifference(wholeGrads, chunkedGrads) < 1e-6);
    }

    [Fact]
    public void Dpo_Steps_RaiseTheChosenOverTheRejected()
    {
        using var model = TinyModels.Create();
        using var reference = TinyModels.Create();
        model.train();
        using var updater = new PolicyUpdater(model, new OptimSettings { Lr = 1e-2, WarmupSteps = 0 }, 20, Precision.Fp32);
        var pairs = new PreferenceContinuations[] { new(Sequences[0].Context, Sequences[0].Continuation, Sequences[3].Continuation), new(Sequences[1].Context, Sequences[1].Continuation, Sequences[2].Continuation) };
        ObjectiveSteps.DpoStats stats = null!;
        for (int step = 0; step < 10; step++)
        {
            stats = ObjectiveSteps.Dpo(updater, reference, pairs, new DpoSettings(), 8, 0);
            updater.Step(step);
        }
        Assert.True(stats.Loss < Math.Log(2) - 0.1, $"loss {stats.Loss}");
        Assert.Equal(1.0, stats.Accuracy);
        Assert.True(stats.ChosenReward > stats.RejectedReward);
    }
}

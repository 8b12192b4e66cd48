using Sip.Tests.Model;
using Sip.Training;
using Sip.Training.Optimization;
using static TorchSharp.torch;

namespace Sip.Tests.Training;

public class PolicyUpdaterTests
{
    /// <summary>
    /// TorchSharp's in-place ops (copy_, zero_) do not use their wrapper after the native call, so a temporary wrapper
    /// (every `.grad` read makes one) can be finalized while libtorch still writes through it, and an implicit Scalar
    /// (AdamW's betas, eps, and the alpha TorchSharp adds to add_) can be freed mid-call the same way. The updater keeps
    /// its temporaries in a dispose scope and its scalars explicit; without that, this loop died within a few steps
    /// (SIGSEGV, or a garbage scalar). Only the optimizer step runs under the collector: the forward pass still uses
    /// TorchSharp's implicit scalars (see docs/performance.md, "Known hazard").
    /// </summary>
    [Theory]
    [InlineData(Precision.Bf16)]
    [InlineData(Precision.Fp32)]
    public void Steps_SurviveAGarbageCollectorRunningFlatOut(Precision precision)
    {
        using var model = TinyModels.Create();
        model.train();
        using var updater = new PolicyUpdater(model, new OptimSettings { Lr = 1e-3 }, totalSteps: 3000, precision);
        var input = tensor(new long[] { 1, 9, 14, 27, 3, 44, 50, 7 }).unsqueeze(0);
        using (var scope = NewDisposeScope()) updater.Backward(updater.Compute.forward(input).square().mean());
        bool stop = false;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref stop))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }) { IsBackground = true };
        collector.Start();
        try
        {
            // The first step moves real gradients; later ones a gradient of ones on the embedding and zeroed ones
            // elsewhere, through the same copies, zeroing and update. (A sum takes no scalar, so the backward pass adds
            // no implicit one under the collector.)
            for (int step = 0; step < 3000; step++)
            {
                if (step > 0)
                    using (var scope = NewDisposeScope()) updater.Backward(updater.Compute.embed_tokens.weight!.sum());
                var (_, norm) = updater.Step(step);
                Assert.True(double.IsFinite(norm));
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            collector.Join();
        }
    }

    [Theory]
    [InlineData(Precision.Fp32)]
    [InlineData(Precision.Bf16)]
    public void AStepWithNothingBackpropagated_LeavesWeightsAndOptimizerAlone(Precision precision)
    {
        // A batch where every prefix tied leaves nothing to learn from. Before, AdamW still moved the weights by
        // momentum and weight decay over the zeroed gradients of the previous step, but a resumed run (fresh, absent
        // gradients) did not: the two runs drifted apart.
        using var model = TinyModels.Create();
        model.train();
        using var updater = new PolicyUpdater(model, new OptimSettings { Lr = 1e-2, WarmupSteps = 0, WeightDecay = 0.1 }, 10, precision);
        var input = tensor(new long[] { 1, 9, 14, 27, 3, 44, 50, 7 }).unsqueeze(0);
        using (var scope = NewDisposeScope()) updater.Backward(updater.Compute.forward(input).square().mean());
        updater.Step(0);
        var after = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

        var (lr, norm) = updater.Step(1);

        Assert.Equal(1, updater.Optimizer.StepCount);
        Assert.Equal(0, norm);
        Assert.True(lr > 0);
        Assert.All(model.named_parameters(), p => Assert.True(after[p.name].equal(p.parameter.detach()).all().item<bool>(), p.name));
    }
}

using Sip.Model;
using TorchSharp;
using Sip.Training.Optimization;
using Parameter = TorchSharp.Modules.Parameter;
using AdamW = Sip.Training.Optimization.AdamW;
using static TorchSharp.torch;

namespace Sip.Training;

/// <summary>
/// Owns the trainable policy and turns gradients into updates: the fp32 master weights, AdamW, the learning-rate
/// schedule, gradient clipping and, in <see cref="Precision.Bf16"/>, the bf16 replica that runs forward and backward.
/// Every objective (NTP, RF-NLL, DPO) computes its loss on <see cref="Compute"/> and calls <see cref="Backward"/> per
/// micro-batch, then <see cref="Step"/> once per optimizer step.
/// </summary>
public sealed class PolicyUpdater : IDisposable
{
    private readonly LlamaModel? _replica;
    private readonly (string Name, Parameter Master, Parameter? Replica)[] _pairs;
    private readonly OptimSettings _optim;
    private readonly long _totalSteps;

    public PolicyUpdater(LlamaModel master, OptimSettings optim, long totalSteps, Precision precision)
    {
        Master = master;
        _optim = optim;
        _totalSteps = totalSteps;
        Optimizer = new AdamW(master.named_parameters(), optim);
        if (precision == Precision.Bf16)
        {
            _replica = new LlamaModel(master.Config);
            _replica.to(ScalarType.BFloat16);
            _replica.train();
        }
        var replicaParameters = _replica?.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        _pairs = master.named_parameters().Select(p => (p.name, p.parameter, replicaParameters?[p.name])).ToArray();
        SyncReplica();
    }

    /// <summary>The fp32 weights: what checkpoints save and what the optimizer updates.</summary>
    public LlamaModel Master { get; }

    /// <summary>The model to run forward and backward on (the bf16 replica in mixed precision, else the master).</summary>
    public LlamaModel Compute => _replica ?? Master;

    public AdamW Optimizer { get; }

    private bool _accumulated;

    /// <summary>Accumulates the gradient of <paramref name="loss"/> (already divided by the micro-batch count).</summary>
    public void Backward(Tensor loss)
    {
        loss.backward();
        _accumulated = true;
    }

    /// <summary>
    /// Finishes optimizer step <paramref name="step"/> (0-based): moves replica gradients onto the master as fp32,
    /// clips, updates with the scheduled learning rate, clears gradients and refreshes the replica.
    /// Returns the learning rate used and the gradient norm before clipping. A step with nothing backpropagated since
    /// the last one (every prefix tied, no sequence to learn from) leaves the weights and the optimizer alone: AdamW
    /// would otherwise still move them by momentum and weight decay over zeroed gradients, and only in a run that had
    /// zeroed them, so a resumed run (whose fresh gradients are absent) would drift from the uninterrupted one.
    /// </summary>
    public (double LearningRate, double GradNorm) Step(long step)
    {
        double lr = CosineSchedule.LearningRate(step, _totalSteps, _optim);
        if (!_accumulated) return (lr, 0);
        _accumulated = false;
        // Every wrapper this creates (each `.grad` read is a new one) belongs to this scope. Left to the GC, a temporary
        // such as `master.grad` in `master.grad.copy_(grad)` can be finalized while libtorch is still copying into it:
        // TorchSharp's copy_ never touches `this` after the native call, so nothing keeps it alive. That crashed a long
        // bf16 run (SIGSEGV in bump_version) once other threads were allocating hard.
        using var scope = NewDisposeScope();
        if (_replica is not null)
        {
            using var _ = no_grad();
            foreach (var (_, master, replica) in _pairs)
            {
                var grad = replica!.grad;
                if (grad is null) continue;
                if (master.grad is null) master.grad = grad.to(ScalarType.Float32);
                else master.grad.copy_(grad);
                grad.zero_();
            }
        }
        var gradients = _pairs.Select(p => p.Master).Where(p => p.grad is not null).ToList();
        double norm = _optim.GradClip > 0
            ? nn.utils.clip_grad_norm_(gradients, _optim.GradClip)
            : GradientNorm(gradients);
        if (double.IsFinite(norm)) Optimizer.Step(lr);
        Optimizer.ZeroGrad();
        SyncReplica();
        return (lr, norm);
    }

    private static double GradientNorm(IEnumerable<Parameter> parameters)
    {
        using var scope = NewDisposeScope();
        double sum = 0;
        foreach (var p in parameters) sum += p.grad!.to(ScalarType.Float64).square().sum().item<double>();
        return Math.Sqrt(sum);
    }

    /// <summary>Refreshes the bf16 replica after the master weights were replaced (a checkpoint load).</summary>
    public void Resync() => SyncReplica();

    private void SyncReplica()
    {
        if (_replica is null) return;
        using var _ = no_grad();
        foreach (var (_, master, replica) in _pairs) replica!.copy_(master);
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        _replica?.Dispose();
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sip.Training.Optimization;

/// <summary>
/// AdamW (Loshchilov and Hutter) written out over named parameters, so that its state is a plain set of named
/// tensors: it saves into the same safetensors format as the weights and restores bit for bit, which exact resume
/// needs. Weight decay applies to matrices (rank ≥ 2) only; norms are not decayed.
/// </summary>
public sealed class AdamW : IDisposable
{
    private readonly (string Name, Parameter Parameter)[] _parameters;
    private readonly Dictionary<string, Tensor> _firstMoment = new();
    private readonly Dictionary<string, Tensor> _secondMoment = new();
    private readonly OptimSettings _settings;

    public AdamW(IEnumerable<(string Name, Parameter Parameter)> parameters, OptimSettings settings)
    {
        _parameters = parameters.ToArray();
        _settings = settings;
        foreach (var (name, p) in _parameters)
        {
            _firstMoment[name] = zeros_like(p, requires_grad: false);
            _secondMoment[name] = zeros_like(p, requires_grad: false);
        }
    }

    /// <summary>Optimizer steps taken so far (the bias corrections depend on it).</summary>
    public long StepCount { get; private set; }

    public void ZeroGrad()
    {
        // Each `.grad` read is a new wrapper; the scope keeps it alive through the native zero_ (see PolicyUpdater.Step).
        using var scope = NewDisposeScope();
        foreach (var (_, p) in _parameters) p.grad?.zero_();
    }

    /// <summary>Applies one update with learning rate <paramref name="lr"/> to every parameter that has a gradient.</summary>
    public void Step(double lr)
    {
        using var _ = no_grad();
        StepCount++;
        double b1 = _settings.Beta1, b2 = _settings.Beta2;
        double correction1 = 1 - Math.Pow(b1, StepCount), correction2 = 1 - Math.Pow(b2, StepCount);
        // Explicit scalars, held until the step ends. An implicit one (m.mul_(b1)) is a temporary with a finalizer
        // that nothing references once its handle is passed to libtorch, so a garbage collection triggered by another
        // thread can free it mid-call (PolicyUpdaterTests reproduced that within a few steps).
        using var beta1 = b1.ToScalar();
        using var beta2 = b2.ToScalar();
        using var oneMinusBeta1 = (1 - b1).ToScalar();
        using var oneMinusBeta2 = (1 - b2).ToScalar();
        using var decay = (1 - lr * _settings.WeightDecay).ToScalar();
        using var secondCorrection = correction2.ToScalar();
        using var eps = _settings.Eps.ToScalar();
        using var stepSize = (-lr / correction1).ToScalar();
        using var one = 1.0.ToScalar(); // add_(Scalar) alone would make its alpha = 1 as another implicit temporary
        foreach (var (name, p) in _parameters)
        {
            using var scope = NewDisposeScope();
            var grad = p.grad;
            if (grad is null) continue;
            var m = _firstMoment[name];
            var v = _secondMoment[name];
            m.mul_(beta1).add_(grad, alpha: oneMinusBeta1);
            v.mul_(beta2).addcmul_(grad, grad, value: oneMinusBeta2);
            if (_settings.WeightDecay > 0 && p.dim() >= 2) p.mul_(decay);
            var denominator = v.div(secondCorrection).sqrt_().add_(eps, one);
            p.addcdiv_(m, denominator, value: stepSize);
        }
    }

    /// <summary>The state as named tensors: "step", "m.NAME", "v.NAME".</summary>
    public Dictionary<string, Tensor> StateTensors()
    {
        var state = new Dictionary<string, Tensor> { ["step"] = tensor(new[] { StepCount }) };
        foreach (var (name, _) in _parameters)
        {
            state["m." + name] = _firstMoment[name];
            state["v." + name] = _secondMoment[name];
        }
        return state;
    }

    /// <summary>Restores <see cref="StateTensors"/> output; every moment must be present with the parameter's shape.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> state, string source)
    {
        using var _ = no_grad();
        if (!state.TryGetValue("step", out var step)) throw new SipInputException(source, null, "optimizer state has no 'step'");
        if (step.dtype != ScalarType.Int64 || step.NumberOfElements != 1 || step.item<long>() < 0)
            throw new SipInputException(source, null, $"optimizer state 'step' must be one non-negative int64, got {step.dtype} [{string.Join(",", step.shape)}]");
        var expected = _parameters.SelectMany(p => new[] { "m." + p.Name, "v." + p.Name }).Append("step").ToHashSet();
        if (state.Keys.FirstOrDefault(k => !expected.Contains(k)) is { } unknown)
            throw new SipInputException(source, null, $"optimizer state has '{unknown}', which is no parameter's moment (a checkpoint of another model?)");
        foreach (var (name, p) in _parameters)
        {
            foreach (var (prefix, moments) in new[] { ("m.", _firstMoment), ("v.", _secondMoment) })
            {
                if (!state.TryGetValue(prefix + name, out var saved))
                    throw new SipInputException(source, null, $"optimizer state lacks '{prefix + name}'");
                if (!saved.shape.SequenceEqual(p.shape))
                    throw new SipInputException(source, null, $"optimizer state '{prefix + name}' has shape [{string.Join(",", saved.shape)}], the parameter [{string.Join(",", p.shape)}]");
                moments[name].copy_(saved);
            }
        }
        StepCount = step.item<long>();
    }

    public void Dispose()
    {
        foreach (var t in _firstMoment.Values.Concat(_secondMoment.Values)) t.Dispose();
    }
}

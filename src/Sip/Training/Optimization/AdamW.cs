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
        foreach (var (_, p) in _parameters) p.grad?.zero_();
    }

    /// <summary>Applies one update with learning rate <paramref name="lr"/> to every parameter that has a gradient.</summary>
    public void Step(double lr)
    {
        using var _ = no_grad();
        StepCount++;
        double b1 = _settings.Beta1, b2 = _settings.Beta2;
        double correction1 = 1 - Math.Pow(b1, StepCount), correction2 = 1 - Math.Pow(b2, StepCount);
        foreach (var (name, p) in _parameters)
        {
            using var scope = NewDisposeScope();
            var grad = p.grad;
            if (grad is null) continue;
            var m = _firstMoment[name];
            var v = _secondMoment[name];
            m.mul_(b1).add_(grad, alpha: 1 - b1);
            v.mul_(b2).addcmul_(grad, grad, value: 1 - b2);
            if (_settings.WeightDecay > 0 && p.dim() >= 2) p.mul_(1 - lr * _settings.WeightDecay);
            var denominator = (v / correction2).sqrt_().add_(_settings.Eps);
            p.addcdiv_(m, denominator, value: -lr / correction1);
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

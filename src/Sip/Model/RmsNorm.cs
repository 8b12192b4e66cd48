using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Sip.Model;

/// <summary>Root-mean-square normalisation, computed in fp32 whatever the activation dtype (as Llama does), then scaled.</summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly double _eps;
    public readonly Parameter weight;

    public RmsNorm(int dim, double eps) : base(nameof(RmsNorm))
    {
        _eps = eps;
        weight = new Parameter(ones(dim));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var x32 = x.dtype == ScalarType.Float32 ? x : x.to(ScalarType.Float32);
        var normed = x32 * (x32.square().mean([-1], keepdim: true) + _eps).rsqrt();
        var result = normed.to(x.dtype) * weight;
        return result.MoveToOuterDisposeScope();
    }
}

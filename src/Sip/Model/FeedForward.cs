using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sip.Model;

/// <summary>SwiGLU: down(silu(gate(x)) · up(x)).</summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    public readonly Linear gate_proj, up_proj, down_proj;

    public FeedForward(LlamaConfig config) : base(nameof(FeedForward))
    {
        gate_proj = nn.Linear(config.Dim, config.FeedForwardDim, hasBias: false);
        up_proj = nn.Linear(config.Dim, config.FeedForwardDim, hasBias: false);
        down_proj = nn.Linear(config.FeedForwardDim, config.Dim, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => down_proj.forward(F.silu(gate_proj.forward(x)) * up_proj.forward(x));
}

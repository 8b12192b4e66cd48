using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sip.Model;

/// <summary>SwiGLU: down(silu(gate(x)) · up(x)).</summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    public readonly Linear gate_proj, up_proj, down_proj;
    private readonly int _hidden;
    // While an InferenceSession is open: gate/up concatenated and both weights transposed to [in, out], contiguous.
    private Tensor? _gateUpT, _downT;

    public FeedForward(LlamaConfig config) : base(nameof(FeedForward))
    {
        _hidden = config.FeedForwardDim;
        gate_proj = nn.Linear(config.Dim, config.FeedForwardDim, hasBias: false);
        up_proj = nn.Linear(config.Dim, config.FeedForwardDim, hasBias: false);
        down_proj = nn.Linear(config.FeedForwardDim, config.Dim, hasBias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (_gateUpT is null || is_grad_enabled()) return down_proj.forward(F.silu(gate_proj.forward(x)) * up_proj.forward(x));
        var gateUp = x.matmul(_gateUpT);
        return (F.silu(gateUp.narrow(-1, 0, _hidden)) * gateUp.narrow(-1, _hidden, _hidden)).matmul(_downT!);
    }

    /// <summary>Builds (or, with false, drops) the weights gradient-free passes use; see <see cref="InferenceSession"/>.</summary>
    internal void Fuse(bool on)
    {
        _gateUpT?.Dispose();
        _downT?.Dispose();
        (_gateUpT, _downT) = (null, null);
        if (!on) return;
        using var _ = no_grad();
        _gateUpT = InferenceSession.Transposed(cat([gate_proj.weight!, up_proj.weight!], 0));
        _downT = InferenceSession.Transposed(down_proj.weight!);
    }
}

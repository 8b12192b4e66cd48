using Sip.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Sip.Training;

/// <summary>The reference policy of DPO and of GRPO's KL term: a frozen copy of the starting weights.</summary>
public static class FrozenPolicy
{
    /// <summary>
    /// A frozen copy of <paramref name="model"/>, in the dtype the policy computes in. In bf16 mixed precision that is
    /// the replica's rounding of the same weights, so before the first update the policy and the reference score every
    /// sequence identically (DPO's margins start at exactly 0, not at a rounding difference) and the reference's
    /// forward pass runs at bf16 speed.
    /// </summary>
    public static LlamaModel Copy(LlamaModel model, ScalarType dtype)
    {
        var copy = new LlamaModel(model.Config);
        if (dtype != copy.DType) copy.to(dtype);
        CopyWeights(model, copy);
        foreach (var p in copy.parameters()) p.requires_grad = false;
        copy.eval();
        return copy;
    }

    /// <summary>Copies every weight of <paramref name="from"/> into <paramref name="to"/> (a reference sync).</summary>
    public static void CopyWeights(LlamaModel from, LlamaModel to)
    {
        using var _ = no_grad();
        var source = from.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in to.named_parameters()) p.copy_(source[name]);
    }
}

using Sip.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Sip.Training;

/// <summary>The reference policy of DPO and of GRPO's KL term: a frozen copy of the starting weights.</summary>
public static class FrozenPolicy
{
    /// <summary>The reference's weights in a checkpoint folder, beside the policy's.</summary>
    public const string FileName = "reference.safetensors";

    /// <summary>Writes <paramref name="reference"/> into the checkpoint <paramref name="folder"/> being saved.</summary>
    public static void Save(LlamaModel reference, string folder) =>
        Sip.Model.Checkpoints.SafeTensors.Save(Path.Combine(folder, FileName), reference.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter));

    /// <summary>Restores <paramref name="reference"/> from the checkpoint <paramref name="folder"/> a run resumes from.</summary>
    public static void Load(LlamaModel reference, string folder) =>
        Checkpointing.PolicyCheckpoint.LoadWeights(reference, Path.Combine(folder, FileName));

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

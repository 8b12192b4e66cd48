namespace Sip.Training;

/// <summary>Numeric format of training.</summary>
public enum Precision
{
    /// <summary>Everything in fp32.</summary>
    Fp32,

    /// <summary>
    /// fp32 master weights and optimizer; forward and backward on a bf16 replica (2x faster matmuls on CPUs with
    /// AVX512_BF16); loss in fp32. TorchSharp has no autocast, and pure bf16 trains worse (../shared/stack.md).
    /// </summary>
    Bf16,
}

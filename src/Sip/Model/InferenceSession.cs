using static TorchSharp.torch;

namespace Sip.Model;

/// <summary>
/// While open, gradient-free passes of the model use a copy of its weights laid out for decoding: q/k/v concatenated
/// into one matrix and gate/up into another, and every projection (the output head included) transposed to
/// [in, out]. A decode step on a small batch is bound by calls and by small matrix products: fusing removes three
/// products and four rotary ops per layer, and MKL multiplies 16 rows by an [in, out] matrix 2–2.6x faster than by
/// the [out, in] layout nn.Linear keeps (measured on this project's machine: 256→768 in 16 µs vs 40 µs). The model's
/// parameters (and so its Hugging Face names, checkpoints and training) are untouched. The copy is a snapshot, taken
/// when the outermost session opens, costing one extra copy of the weights while open: a session must not outlive a
/// weight update (generation opens one per call). Passes with gradients ignore it. Models over
/// <see cref="MaxFusedWeightBytes"/> are not copied: their decoding is bound by reading the weights, where the layout
/// gains little, and a second copy of gigabytes of weights at every generation call costs memory and time.
/// </summary>
public sealed class InferenceSession : IDisposable
{
    /// <summary>Models with more weight bytes than this decode on their own weights (1 GiB: a 250M-parameter fp32 model).</summary>
    public const long MaxFusedWeightBytes = 1L << 30;

    /// <summary>Whether a session fuses a model of <paramref name="weightBytes"/> by default.</summary>
    public static bool Fuses(long weightBytes) => weightBytes <= MaxFusedWeightBytes;

    private LlamaModel? _model;

    internal InferenceSession(LlamaModel model) => _model = model;

    /// <summary>A contiguous [in, out] copy of an [out, in] weight, owned by the caller (not by any dispose scope).</summary>
    internal static Tensor Transposed(Tensor weight) => weight.detach().t().contiguous().DetachFromDisposeScope();

    public void Dispose()
    {
        _model?.EndInference();
        _model = null;
    }
}

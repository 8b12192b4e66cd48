using System.ComponentModel;

namespace Sip.Model;

/// <summary>
/// Rotary-frequency scaling for long contexts (Hugging Face's <c>rope_scaling</c>). Only Llama-3's "llama3" scheme is
/// supported: high frequencies kept, low frequencies divided by <see cref="Factor"/>, a smooth blend in between. With
/// type "none" (the default) the plain θ^(-2i/d) frequencies are used and the other fields are ignored.
/// </summary>
public sealed record RopeScaling : Sip.Settings.ISettingsValidation
{
    public const string None = "none";
    public const string Llama3 = "llama3";

    [Description("none | llama3 (Hugging Face rope_scaling.rope_type).")]
    public string Type { get; init; } = None;

    [Description("llama3: how much longer the target context is than the original (factor).")]
    public double Factor { get; init; } = 8.0;

    [Description("llama3: wavelengths longer than originalMaxPositions / lowFreqFactor are fully scaled (low_freq_factor).")]
    public double LowFreqFactor { get; init; } = 1.0;

    [Description("llama3: wavelengths shorter than originalMaxPositions / highFreqFactor are kept (high_freq_factor).")]
    public double HighFreqFactor { get; init; } = 4.0;

    [Description("llama3: the context length the model was first trained at (original_max_position_embeddings).")]
    public int OriginalMaxPositions { get; init; } = 8192;

    public bool IsNone => Type == None;

    public IEnumerable<string> Validate()
    {
        if (Type is not (None or Llama3)) yield return $"ropeScaling.type: must be none or llama3, got '{Type}'";
        else if (Type == Llama3)
        {
            if (!(Factor > 0)) yield return $"ropeScaling.factor: must be positive, got {Factor}";
            if (!(LowFreqFactor > 0) || !(HighFreqFactor > LowFreqFactor))
                yield return $"ropeScaling: need 0 < lowFreqFactor < highFreqFactor, got {LowFreqFactor} and {HighFreqFactor}";
            if (OriginalMaxPositions < 1) yield return $"ropeScaling.originalMaxPositions: must be positive, got {OriginalMaxPositions}";
        }
    }

    /// <summary>
    /// The inverse frequencies of the headDim/2 rotary pairs: θ^(-2i/d), then scaled as <see cref="Type"/> says.
    /// Pure and in double precision, so Hugging Face import, the model and the GGUF export agree exactly.
    /// </summary>
    public double[] InverseFrequencies(int headDim, double theta)
    {
        var frequencies = new double[headDim / 2];
        for (int i = 0; i < frequencies.Length; i++) frequencies[i] = 1.0 / Math.Pow(theta, 2.0 * i / headDim);
        if (Type != Llama3) return frequencies;

        double lowFreqWavelength = OriginalMaxPositions / LowFreqFactor;   // longer than this: scale fully
        double highFreqWavelength = OriginalMaxPositions / HighFreqFactor; // shorter than this: keep
        for (int i = 0; i < frequencies.Length; i++)
        {
            double wavelength = 2 * Math.PI / frequencies[i];
            if (wavelength < highFreqWavelength) continue;
            if (wavelength > lowFreqWavelength)
            {
                frequencies[i] /= Factor;
                continue;
            }
            double smooth = (OriginalMaxPositions / wavelength - LowFreqFactor) / (HighFreqFactor - LowFreqFactor);
            frequencies[i] = (1 - smooth) * frequencies[i] / Factor + smooth * frequencies[i];
        }
        return frequencies;
    }
}

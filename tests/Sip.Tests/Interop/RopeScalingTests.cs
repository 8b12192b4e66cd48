using Sip.Model;

namespace Sip.Tests.Interop;

public sealed class RopeScalingTests
{
    [Fact]
    public void None_GivesThePlainFrequencies()
    {
        var frequencies = new RopeScaling().InverseFrequencies(headDim: 8, theta: 10000);

        Assert.Equal([1, 0.1, 0.01, 0.001], frequencies.Select(f => Math.Round(f, 12)));
    }

    [Fact]
    public void Llama3_KeepsHighFrequencies_ScalesLowOnes_AndBlendsBetween()
    {
        // Base frequencies 1, 0.1, 0.01, 0.001 have wavelengths 6.3, 63, 628 and 6283 positions. With an original
        // context of 1000, low_freq_factor 1 and high_freq_factor 4: below 250 kept, above 1000 divided by the factor,
        // in between a blend weighted by s = (1000 / wavelength - 1) / (4 - 1).
        var scaling = new RopeScaling { Type = RopeScaling.Llama3, Factor = 8, LowFreqFactor = 1, HighFreqFactor = 4, OriginalMaxPositions = 1000 };

        var frequencies = scaling.InverseFrequencies(headDim: 8, theta: 10000);

        double s = (1000 / (2 * Math.PI / 0.01) - 1) / 3;
        Assert.Equal(1.0, frequencies[0], 12);
        Assert.Equal(0.1, frequencies[1], 12);
        Assert.Equal((1 - s) * 0.01 / 8 + s * 0.01, frequencies[2], 12);
        Assert.Equal(0.001 / 8, frequencies[3], 12);
    }

    [Fact]
    public void UnknownType_FailsValidation()
    {
        var config = new LlamaConfig { VocabSize = 10, RopeScaling = new RopeScaling { Type = "yarn" } };

        Assert.Contains(config.Validate(), p => p.Contains("ropeScaling.type"));
    }
}

using Sip.Model;
using Sip.Model.Caching;
using TorchSharp;
using static TorchSharp.torch;

namespace Sip.Tests.Model;

/// <summary>An inference session only changes how gradient-free passes multiply, never what they compute.</summary>
public class InferenceSessionTests
{
    private static readonly long[] Tokens = [1, 9, 14, 27, 3, 44, 50, 7, 7, 12];

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void GradientFreePasses_GiveThePlainLogits_WithFusedTransposedWeights(bool gqa, bool tied)
    {
        using var model = TinyModels.Create(gqa, tied);
        using var _ = no_grad();
        var input = tensor(Tokens).unsqueeze(0);
        var plain = model.forward(input);
        using var cache = new KvCache(model.Config, 1, Tokens.Length, model.DType);
        var plainCached = model.Forward(input, cache, lastOnly: false);

        Tensor fused, fusedCached;
        using (model.BeginInference())
        {
            fused = model.forward(input);
            using var again = new KvCache(model.Config, 1, Tokens.Length, model.DType);
            fusedCached = model.Forward(input, again, lastOnly: false);
        }

        Assert.True((fused - plain).abs().max().item<float>() <= 1e-5f);
        Assert.True((fusedCached - plainCached).abs().max().item<float>() <= 1e-5f);
    }

    [Fact]
    public void ASession_LeavesTheParametersAlone_AndPassesWithGradientsIgnoreIt()
    {
        using var model = TinyModels.Create();
        var names = model.named_parameters().Select(p => p.name).ToList();
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        using var session = model.BeginInference();

        Assert.Equal(names, model.named_parameters().Select(p => p.name).ToList());
        Assert.Equal(names.Count, model.state_dict().Count);
        // With gradients on, the pass runs on the parameters themselves, so the loss reaches every one of them.
        model.forward(tensor(Tokens).unsqueeze(0)).sum().backward();
        Assert.All(model.named_parameters(), p => Assert.True(p.parameter.grad is not null, p.name));
        Assert.All(model.named_parameters(), p => Assert.True(before[p.name].equal(p.parameter.detach()).all().item<bool>(), p.name));
    }

    [Fact]
    public void NestedSessions_KeepTheFusedWeightsUntilTheOutermostCloses()
    {
        using var model = TinyModels.Create();
        using var _ = no_grad();
        var input = tensor(Tokens).unsqueeze(0);
        var plain = model.forward(input);
        var outer = model.BeginInference();
        using (model.BeginInference()) { }
        var stillFused = model.forward(input); // would throw on disposed weights if the inner session had dropped them
        outer.Dispose();
        outer.Dispose(); // idempotent
        var afterwards = model.forward(input);

        Assert.True((stillFused - plain).abs().max().item<float>() <= 1e-5f);
        Assert.True(afterwards.equal(plain).all().item<bool>());
    }

    [Fact]
    public void ALargeModelsSession_DecodesOnItsOwnWeights()
    {
        Assert.True(InferenceSession.Fuses(InferenceSession.MaxFusedWeightBytes));
        Assert.False(InferenceSession.Fuses(InferenceSession.MaxFusedWeightBytes + 1));

        using var model = TinyModels.Create();
        using var _ = no_grad();
        var input = tensor(Tokens).unsqueeze(0);
        var plain = model.forward(input);
        using (model.BeginInference(fuse: false))
        {
            // Bit for bit the plain pass: no fused or transposed copy took part.
            Assert.True(model.forward(input).equal(plain).all().item<bool>());
        }
    }
}

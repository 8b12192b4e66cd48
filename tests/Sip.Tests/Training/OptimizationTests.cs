using Sip.Training.Optimization;
using Parameter = TorchSharp.Modules.Parameter;
using AdamW = Sip.Training.Optimization.AdamW;
using static TorchSharp.torch;

namespace Sip.Tests.Training;

public class OptimizationTests
{
    [Fact]
    public void CosineSchedule_WarmsUpLinearly_ThenDecaysToTheFloorAtTheLastStep()
    {
        var s = new OptimSettings { Lr = 1.0, MinLrRatio = 0.1, WarmupSteps = 4 };
        Assert.Equal(0.25, CosineSchedule.LearningRate(0, 13, s), 12);
        Assert.Equal(1.0, CosineSchedule.LearningRate(3, 13, s), 12);
        Assert.Equal(1.0, CosineSchedule.LearningRate(4, 13, s), 12);      // decay starts at the peak
        Assert.Equal(0.55, CosineSchedule.LearningRate(8, 13, s), 12);     // halfway through steps 4..12: (1 + 0.1) / 2
        Assert.Equal(0.1, CosineSchedule.LearningRate(12, 13, s), 12);     // last step: the floor
    }

    [Fact]
    public void AdamW_FirstStep_MovesEachWeightByLr_AndDecaysMatricesOnly()
    {
        // After one step the bias-corrected update is lr · g/|g| (up to eps), whatever the gradient's size.
        var matrix = new Parameter(tensor(new float[] { 1f, 2f, -1f, 0.5f }).view(2, 2));
        var vector = new Parameter(tensor(new float[] { 1f, 1f }));
        matrix.grad = tensor(new float[] { 0.5f, -2f, 1e-3f, 0f }).view(2, 2);
        vector.grad = tensor(new float[] { 3f, -0.25f });
        using var adam = new AdamW([("w", matrix), ("n", vector)], new OptimSettings { WeightDecay = 0.1, Eps = 1e-12 });

        adam.Step(lr: 0.1);

        // matrix: p·(1 − 0.1·0.1) − 0.1·sign(g); a zero gradient moves nothing but decay.
        Assert.Equal(new[] { 0.99f - 0.1f, 1.98f + 0.1f, -0.99f - 0.1f, 0.495f }, matrix.data<float>().ToArray(), new FloatComparer(1e-6f));
        Assert.Equal(new[] { 0.9f, 1.1f }, vector.data<float>().ToArray(), new FloatComparer(1e-6f));
        Assert.Equal(1, adam.StepCount);
    }

    [Fact]
    public void AdamW_SecondStep_MatchesTheHandComputedMoments()
    {
        var p = new Parameter(tensor(new float[] { 0f }));
        var s = new OptimSettings { Beta1 = 0.9, Beta2 = 0.95, Eps = 1e-8, WeightDecay = 0 };
        using var adam = new AdamW([("p", p)], s);
        p.grad = tensor(new float[] { 1f });
        adam.Step(0.01);
        p.grad = tensor(new float[] { 3f });
        adam.Step(0.01);
        // m2 = 0.09 + 0.3 = 0.39, v2 = 0.95·0.05 + 0.45 = 0.4975; m̂ = 0.39/0.19, v̂ = 0.4975/0.0975
        double expected = -0.01 - 0.01 * (0.39 / 0.19) / (Math.Sqrt(0.4975 / 0.0975) + 1e-8);
        Assert.Equal(expected, p.data<float>()[0], 6);
    }

    private sealed class FloatComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(float f) => 0;
    }

    [Fact]
    public void AdamW_RefusesASavedStateOfAnotherModelOrABadStep_NamingTheFile()
    {
        var w = new Parameter(zeros(2, 2));
        using var adam = new AdamW([("w", w)], new OptimSettings());
        Dictionary<string, Tensor> State(Tensor step) => new() { ["step"] = step, ["m.w"] = zeros(2, 2), ["v.w"] = zeros(2, 2) };

        var foreign = State(tensor(new[] { 3L }));
        foreign["m.lm_head"] = zeros(2);
        var error = Assert.Throws<SipInputException>(() => adam.LoadState(foreign, "run/step-0000003/optimizer.safetensors"));
        Assert.Contains("optimizer.safetensors", error.Message);
        Assert.Contains("'m.lm_head'", error.Message);

        error = Assert.Throws<SipInputException>(() => adam.LoadState(State(tensor(new[] { 3.5f })), "optimizer.safetensors"));
        Assert.Contains("'step' must be one non-negative int64", error.Message);

        adam.LoadState(State(tensor(new[] { 3L })), "optimizer.safetensors");
        Assert.Equal(3, adam.StepCount);
    }
}

using Sip.Training.Objectives;
using static TorchSharp.torch;

namespace Sip.Tests.Training.Objectives;

public class DpoLossTests
{
    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void Loss_AndImplicitRewards_MatchTheHandComputedValues()
    {
        // Pair 1: policy prefers the chosen by 1 nat more than the reference, and the rejected by 1 nat less: margin 0.2.
        // Pair 2: policy moved the wrong way: margin 0.1·(−1) − 0.1·(1.5) = −0.25.
        var pc = tensor(new[] { -10.0, -20.0 });
        var pr = tensor(new[] { -12.0, -18.0 });
        var rc = tensor(new[] { -11.0, -19.0 });
        var rr = tensor(new[] { -11.0, -19.5 });

        using var output = DpoLoss.Compute(pc, pr, rc, rr, beta: 0.1);

        double expected = (-Math.Log(Sigmoid(0.2)) - Math.Log(Sigmoid(-0.25))) / 2; // 0.5981 and 0.8259
        Assert.Equal(expected, output.Loss.item<double>(), 10);
        Assert.Equal(new[] { 0.1, -0.1 }, output.ChosenRewards.data<double>().ToArray(), new Tolerance(1e-12));
        Assert.Equal(new[] { -0.1, 0.15 }, output.RejectedRewards.data<double>().ToArray(), new Tolerance(1e-12));
        Assert.Equal(0.5, output.Accuracy);
    }

    [Fact]
    public void Gradient_PushesChosenUpAndRejectedDown_ByBetaTimesSigmoidOfMinusMargin()
    {
        var pc = tensor(new[] { -10.0, -20.0 }, requires_grad: true);
        var pr = tensor(new[] { -12.0, -18.0 }, requires_grad: true);
        var rc = tensor(new[] { -11.0, -19.0 });
        var rr = tensor(new[] { -11.0, -19.5 });

        using var output = DpoLoss.Compute(pc, pr, rc, rr, beta: 0.1);
        output.Loss.backward();

        // dL/dπc = −β·σ(−margin)/pairs ; dL/dπr = +β·σ(−margin)/pairs
        double g1 = 0.1 * Sigmoid(-0.2) / 2, g2 = 0.1 * Sigmoid(0.25) / 2;
        Assert.Equal(new[] { -g1, -g2 }, pc.grad!.data<double>().ToArray(), new Tolerance(1e-12));
        Assert.Equal(new[] { g1, g2 }, pr.grad!.data<double>().ToArray(), new Tolerance(1e-12));
    }

    [Fact]
    public void EqualPolicyAndReference_GiveLogTwo()
    {
        var x = tensor(new[] { -5.0 });
        using var output = DpoLoss.Compute(x, x - 1, x, x - 1, beta: 0.5);
        Assert.Equal(Math.Log(2), output.Loss.item<double>(), 12);
    }
}

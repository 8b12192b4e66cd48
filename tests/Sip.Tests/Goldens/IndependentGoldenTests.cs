using Sip.Training.Grpo;
using Sip.Training;
using Sip.Training.Objectives;
using Sip.Training.Optimization;
using static TorchSharp.torch;

namespace Sip.Tests.Goldens;

/// <summary>
/// sip's float32 model, loss, optimizer and DPO loss against an independent float64 PyTorch reference
/// (tools/goldens/reference.py): logits within 1e-5, every parameter's gradient within 1e-4 relative, ten AdamW
/// training losses within 1e-5 relative, DPO losses and gradients within 1e-6.
/// </summary>
public class IndependentGoldenTests
{
    private static readonly IndependentGoldens G = IndependentGoldens.Load();

    private static ContinuationSequence[] Sequences(Tensor tokens) =>
        Enumerable.Range(0, (int)tokens.shape[0]).Select(r =>
        {
            var row = tokens[r].data<long>().Select(t => (int)t).ToArray();
            return new ContinuationSequence([row[0]], row[1..]);
        }).ToArray();

    [Fact]
    public void Logits_MatchTheReference()
    {
        using var model = G.Model();
        using var _ = no_grad();
        var logits = model.forward(G.Tensors["tokens"]);
        double maxError = (logits.to(ScalarType.Float64) - G.Tensors["logits"]).abs().max().item<double>();
        Assert.True(maxError <= 1e-5, $"max |logit error| {maxError:E2}");
    }

    [Fact]
    public void EveryParametersGradient_MatchesTheReference()
    {
        using var model = G.Model();
        model.train();
        using var batch = TokenBatch.Build(Sequences(G.Tensors["tokens"]), continuationOnly: false, padId: 0);
        var loss = TokenLosses.MeanNll(model.forward(batch.Inputs), batch);
        loss.backward();

        Assert.Equal(G.Json.GetProperty("loss").GetDouble(), loss.item<float>(), 1e-5);
        foreach (var (name, parameter) in model.named_parameters())
        {
            double error = IndependentGoldens.RelativeError(parameter.grad!, G.Tensors["grad." + name]);
            Assert.True(error <= 1e-4, $"{name}: relative gradient error {error:E2}");
        }
    }

    [Fact]
    public void TenTrainingLosses_MatchTheReferencesAdamW()
    {
        var o = G.Json.GetProperty("optim");
        var optim = new OptimSettings
        {
            Lr = o.GetProperty("lr").GetDouble(), MinLrRatio = o.GetProperty("min_lr_ratio").GetDouble(), WarmupSteps = o.GetProperty("warmup").GetInt32(),
            WeightDecay = o.GetProperty("weight_decay").GetDouble(), Beta1 = o.GetProperty("beta1").GetDouble(), Beta2 = o.GetProperty("beta2").GetDouble(),
            Eps = o.GetProperty("eps").GetDouble(), GradClip = o.GetProperty("clip").GetDouble(),
        };
        int steps = o.GetProperty("steps").GetInt32();
        var expected = G.Json.GetProperty("train_losses").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        using var model = G.Model();
        model.train();
        using var updater = new PolicyUpdater(model, optim, steps, Precision.Fp32);
        var batches = G.Tensors["train_tokens"];
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            using var batch = TokenBatch.Build(Sequences(batches[step]), continuationOnly: false, padId: 0);
            var loss = TokenLosses.MeanNll(updater.Compute.forward(batch.Inputs), batch);
            updater.Backward(loss);
            updater.Step(step);
            double error = Math.Abs(loss.item<float>() - expected[step]) / expected[step];
            Assert.True(error <= 1e-5, $"step {step}: loss {loss.item<float>()} vs {expected[step]} (relative error {error:E2})");
        }
    }

    [Fact]
    public void TheComparison_FailsWhenOneWeightIsPerturbed()
    {
        using var model = G.Model();
        using (no_grad()) model.named_parameters().First(p => p.name == "layers.1.mlp.up_proj.weight").parameter[3, 5].add_(1e-3);
        model.train();
        using var batch = TokenBatch.Build(Sequences(G.Tensors["tokens"]), continuationOnly: false, padId: 0);
        var logits = model.forward(batch.Inputs);
        TokenLosses.MeanNll(logits, batch).backward();

        double logitError = (model.forward(G.Tensors["tokens"]).detach().to(ScalarType.Float64) - G.Tensors["logits"]).abs().max().item<double>();
        double gradientError = model.named_parameters().Max(p => IndependentGoldens.RelativeError(p.parameter.grad!, G.Tensors["grad." + p.name]));
        Assert.True(logitError > 1e-5, $"logit error {logitError:E2} should exceed the tolerance");
        Assert.True(gradientError > 1e-4, $"gradient error {gradientError:E2} should exceed the tolerance");
    }

    [Fact]
    public void DpoLossAndGradients_MatchTheReference()
    {
        foreach (var c in G.Json.GetProperty("dpo").EnumerateArray())
        {
            Tensor Values(string name, bool grad = false) =>
                tensor(c.GetProperty(name).EnumerateArray().Select(x => x.GetDouble()).ToArray(), dtype: ScalarType.Float64, requires_grad: grad);
            var policyChosen = Values("policy_chosen", grad: true);
            var policyRejected = Values("policy_rejected", grad: true);
            using var output = DpoLoss.Compute(policyChosen, policyRejected, Values("reference_chosen"), Values("reference_rejected"), c.GetProperty("beta").GetDouble());
            output.Loss.backward();

            Assert.Equal(c.GetProperty("loss").GetDouble(), output.Loss.item<double>(), 1e-9);
            Assert.True(IndependentGoldens.RelativeError(policyChosen.grad!, Values("grad_policy_chosen")) <= 1e-9);
            Assert.True(IndependentGoldens.RelativeError(policyRejected.grad!, Values("grad_policy_rejected")) <= 1e-9);
        }
    }

    [Fact]
    public void GrpoAdvantagesLossAndGradients_MatchTheReference()
    {
        foreach (var c in G.Json.GetProperty("grpo").EnumerateArray())
        {
            double[] Numbers(string name) => c.GetProperty(name).EnumerateArray().Select(x => x.GetDouble()).ToArray();
            int group = c.GetProperty("group").GetInt32(), width = c.GetProperty("width").GetInt32();
            var rewards = Numbers("rewards");
            int rows = rewards.Length;
            Tensor Matrix(string name, bool grad = false) => tensor(Numbers(name), dtype: ScalarType.Float64).view(rows, width).requires_grad_(grad);
            var variant = c.GetProperty("variant").GetString() == "grpo" ? GrpoVariant.Grpo : GrpoVariant.DrGrpo;
            double beta = c.GetProperty("beta").GetDouble();

            var advantages = GroupAdvantages.Compute(rewards, group, variant);
            Assert.Equal(Numbers("advantages"), advantages, new Tolerance(1e-9));

            var policy = Matrix("policy", grad: true);
            var old = c.GetProperty("old").ValueKind == System.Text.Json.JsonValueKind.Null ? null : Matrix("old");
            var settings = new GrpoLossSettings(variant, c.GetProperty("epsilon").GetDouble(), c.GetProperty("epsilon_high").GetDouble(), beta, width);
            using var output = GrpoLoss.Compute(policy, old, beta > 0 ? Matrix("reference") : null, tensor(advantages), Matrix("mask"), settings, rows);
            output.Loss.backward();

            Assert.Equal(c.GetProperty("loss").GetDouble(), output.Loss.item<double>(), 1e-9);
            Assert.True(IndependentGoldens.RelativeError(policy.grad!.flatten(), tensor(Numbers("grad_policy"), dtype: ScalarType.Float64)) <= 1e-9,
                $"{variant}, beta {beta}: gradient differs from the reference");
        }
    }
}

using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Sip.Training.Objectives;

/// <summary>
/// Direct preference optimisation (Rafailov et al.), as the paper uses it online (§5):
/// L = −log σ( β·[log πθ(y_w|p) − log πref(y_w|p)] − β·[log πθ(y_l|p) − log πref(y_l|p)] ),
/// with log π(y|p) summed over continuation tokens only (or averaged per token when length-normalised, by the caller).
/// </summary>
public static class DpoLoss
{
    /// <summary>The loss and the implicit rewards β·(log πθ − log πref) of chosen and rejected, per pair.</summary>
    public sealed record Output(Tensor Loss, Tensor ChosenRewards, Tensor RejectedRewards) : IDisposable
    {
        /// <summary>Share of pairs whose chosen has the higher implicit reward (TRL's rewards/accuracies).</summary>
        public double Accuracy => ChosenRewards.gt(RejectedRewards).to(ScalarType.Float32).mean().item<float>();

        public void Dispose()
        {
            Loss.Dispose();
            ChosenRewards.Dispose();
            RejectedRewards.Dispose();
        }
    }

    /// <param name="policyChosen">log πθ(y_w|p), [pairs], with gradient</param>
    /// <param name="policyRejected">log πθ(y_l|p), [pairs], with gradient</param>
    /// <param name="referenceChosen">log πref(y_w|p), [pairs], no gradient</param>
    /// <param name="referenceRejected">log πref(y_l|p), [pairs], no gradient</param>
    /// <param name="beta">β: how far the policy may move from the reference (paper unspecified; 0.1 as in fairseq2)</param>
    public static Output Compute(Tensor policyChosen, Tensor policyRejected, Tensor referenceChosen, Tensor referenceRejected, double beta)
    {
        var chosen = (policyChosen - referenceChosen) * beta;
        var rejected = (policyRejected - referenceRejected) * beta;
        var loss = -F.logsigmoid(chosen - rejected).mean();
        return new Output(loss, chosen.detach(), rejected.detach());
    }
}

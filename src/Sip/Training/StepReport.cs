namespace Sip.Training;

/// <summary>What a training loop reports after each optimizer step (for progress bars and callers).</summary>
/// <param name="Step">optimizer steps done</param>
/// <param name="TotalSteps">steps the run will take</param>
/// <param name="Loss">the step's loss (each objective's own)</param>
/// <param name="LearningRate">the learning rate the step used</param>
/// <param name="GradNorm">gradient norm before clipping</param>
/// <param name="TokensPerSecond">training tokens per second (pretraining); null where a step is not a token count (SIP: rollouts, judging and update)</param>
/// <param name="ValLoss">validation loss, on steps that evaluate</param>
/// <param name="StepSeconds">wall time of the step, where the loop reports it</param>
public sealed record StepReport(long Step, long TotalSteps, double Loss, double LearningRate, double GradNorm, double? TokensPerSecond, double? ValLoss,
    double? StepSeconds = null);

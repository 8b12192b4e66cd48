namespace Sip.Training;

/// <summary>What a training loop reports after each optimizer step (for progress bars and callers).</summary>
public sealed record StepReport(long Step, long TotalSteps, double Loss, double LearningRate, double GradNorm, double TokensPerSecond, double? ValLoss);

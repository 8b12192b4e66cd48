namespace Sip.Training.Running;

/// <summary>A trainer's result: the per-step losses and metrics of this invocation, where it started, and its last checkpoint.</summary>
public sealed record TrainingResult(IReadOnlyList<double> Losses, IReadOnlyList<IReadOnlyDictionary<string, double>> StepMetrics, long FirstStep, string LastCheckpoint)
{
    /// <summary>Settings that differ from the resumed checkpoint's (<see cref="Settings.SettingsDrift"/>); empty for a fresh run.</summary>
    public IReadOnlyList<string> SettingsChanged { get; init; } = [];

    /// <summary>The last validation loss measured by this invocation, for trainers that validate.</summary>
    public double? FinalValLoss { get; init; }
}

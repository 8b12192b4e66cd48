namespace Sip.Training.Running;

/// <summary>The settings every trainer shares, which the run skeleton (<see cref="TrainingRun"/>) reads.</summary>
public interface IRunSettings
{
    /// <summary>Run folder: checkpoints, metrics and the resolved settings.</summary>
    string Out { get; }

    /// <summary>Optimizer steps in the whole run.</summary>
    int Steps { get; }

    int CheckpointEvery { get; }

    int KeepCheckpoints { get; }

    /// <summary>Write training metrics every this many steps (and at the last).</summary>
    int LogEvery { get; }

    /// <summary>CPU threads for libtorch; 0 keeps its default.</summary>
    int Threads { get; }
}

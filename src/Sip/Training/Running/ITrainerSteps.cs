namespace Sip.Training.Running;

/// <summary>
/// What a trainer plugs into the run skeleton (<see cref="TrainingRun.Loop{TState, TSettings}"/>): its step, and what its
/// checkpoint holds besides the policy and optimizer. The skeleton owns the loop, the optimizer step, divergence
/// checks, metrics cadence, progress, stopping and the checkpoint cadence.
/// </summary>
public interface ITrainerSteps<out TState>
{
    /// <summary>
    /// Runs step <paramref name="index"/> (0-based) up to its gradient; the optimizer step stays with the skeleton.
    /// <paramref name="nextFollows"/> says the next step will run right after this one in this process, with no
    /// checkpoint between them and no stop requested: only then may a trainer start on the next batch early (overlap).
    /// Throws <see cref="Objectives.NonFiniteLossException"/> when its loss is not finite.
    /// </summary>
    TrainStep Step(long index, bool nextFollows);

    /// <summary>After the optimizer step of step <paramref name="done"/> (1-based): reference syncs, validation. Returns metrics to log now, or null.</summary>
    Validation? AfterUpdate(long done, bool last);

    /// <summary>True while work for a later step is already under way (a prefetched batch): a stop request then waits one step.</summary>
    bool HasPending { get; }

    /// <summary>The loop's own state after <paramref name="done"/> steps, for <c>trainer.json</c>.</summary>
    TState State(long done);

    /// <summary>Writes the trainer's own files into a checkpoint folder being saved (the DPO reference model).</summary>
    void SaveFiles(string folder);
}

/// <summary>One step's result: its loss (each objective's own), its metrics, and its training tokens per second where a step is a token count.</summary>
public sealed record TrainStep(double Loss, IReadOnlyDictionary<string, double> Metrics, double? TokensPerSecond = null);

/// <summary>Metrics measured after an update (validation), logged at that step, and the validation loss for progress reports.</summary>
public sealed record Validation(IReadOnlyDictionary<string, double> Metrics, double? ValLoss);

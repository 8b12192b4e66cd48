using System.Diagnostics;
using Sip.Data;
using Sip.Metrics;
using Sip.Settings;
using Sip.Training.Checkpointing;
using Sip.Training.Objectives;
using static TorchSharp.torch;

namespace Sip.Training.Running;

/// <summary>
/// The run skeleton every trainer shares (NTP pretraining, SIP, GRPO): the run folder and its checkpoints, resume, the
/// settings-drift report, the resolved settings beside the checkpoints, and the loop itself: step, optimizer step,
/// divergence checks, metrics every <see cref="IRunSettings.LogEvery"/> steps, progress, clean stops and the
/// checkpoint cadence. A trainer brings its policy and its step (<see cref="ITrainerSteps{TState}"/>).
/// </summary>
public sealed class TrainingRun
{
    private readonly IRunSettings _settings;
    private readonly CheckpointStore _store;

    private TrainingRun(IRunSettings settings, CheckpointStore store, string? resumeFrom)
    {
        _settings = settings;
        _store = store;
        ResumeFrom = resumeFrom;
    }

    /// <summary>The newest checkpoint of the run folder, which the run resumes from; null for a fresh run.</summary>
    public string? ResumeFrom { get; }

    /// <summary>Opens the run folder of <paramref name="settings"/> (validated by the caller) and applies its thread count.</summary>
    public static TrainingRun Open(IRunSettings settings)
    {
        if (settings.Threads > 0) set_num_threads(settings.Threads);
        var store = new CheckpointStore(Path.Combine(settings.Out, "checkpoints"), settings.KeepCheckpoints);
        return new TrainingRun(settings, store, store.Latest());
    }

    /// <summary>
    /// Reports the settings that changed since the resumed checkpoint (on standard error) and saves the resolved
    /// settings into the run folder. Returns the changes.
    /// </summary>
    public IReadOnlyList<string> Begin<TSettings>(TSettings resolved) where TSettings : class
    {
        var changed = ResumeWarnings.SettingsChanged(ResumeFrom, resolved);
        Directory.CreateDirectory(_settings.Out);
        SettingsFile.Save(resolved, Path.Combine(_settings.Out, TrainerCheckpoint.SettingsFileName));
        return changed;
    }

    /// <summary>Restores the policy and optimizer into <paramref name="updater"/> and returns the saved loop state, or <paramref name="fresh"/> for a fresh run.</summary>
    public TState Restore<TState>(PolicyUpdater updater, TState fresh) =>
        ResumeFrom is null ? fresh : TrainerCheckpoint.Restore<TState>(ResumeFrom, updater);

    /// <summary>
    /// Runs steps <paramref name="firstStep"/> up to <paramref name="lastStep"/> (exclusive; the run's steps or an
    /// earlier stop), checkpointing every <see cref="IRunSettings.CheckpointEvery"/> steps, at the last, and when
    /// <paramref name="cancellation"/> asks to stop (after the current step).
    /// </summary>
    public TrainingResult Loop<TState, TSettings>(ITrainerSteps<TState> trainer, PolicyUpdater updater, ITokenizer tokenizer, TSettings resolvedSettings,
        IMetricsSink metrics, long firstStep, long lastStep, IProgress<StepReport>? progress, CancellationToken cancellation) where TSettings : class
    {
        var losses = new List<double>();
        var stepMetrics = new List<IReadOnlyDictionary<string, double>>();
        string? lastCheckpoint = ResumeFrom;
        double? valLoss = null;
        for (long index = firstStep; index < lastStep; index++)
        {
            var clock = Stopwatch.StartNew();
            long done = index + 1;
            bool nextFollows = done < lastStep && done % _settings.CheckpointEvery != 0 && !cancellation.IsCancellationRequested;
            TrainStep step;
            try
            {
                step = trainer.Step(index, nextFollows);
            }
            catch (NonFiniteLossException e)
            {
                throw new TrainingDivergedException(index, e.Quantity, lastCheckpoint);
            }
            var (lr, gradNorm) = updater.Step(index);
            if (!double.IsFinite(gradNorm)) throw new TrainingDivergedException(index, "the gradient norm", lastCheckpoint);
            bool last = done == lastStep;

            if (trainer.AfterUpdate(done, last) is { } validation)
            {
                valLoss = validation.ValLoss ?? valLoss;
                metrics.Write(done, validation.Metrics);
            }
            var scalars = new Dictionary<string, double>(step.Metrics)
            {
                [MetricNames.TrainLoss] = step.Loss, [MetricNames.TrainLearningRate] = lr, [MetricNames.TrainGradNorm] = gradNorm,
                [MetricNames.TimeStepSeconds] = clock.Elapsed.TotalSeconds,
            };
            losses.Add(step.Loss);
            stepMetrics.Add(scalars);
            if (done % _settings.LogEvery == 0 || last) metrics.Write(done, scalars);
            progress?.Report(new StepReport(done, _settings.Steps, step.Loss, lr, gradNorm, step.TokensPerSecond, valLoss, clock.Elapsed.TotalSeconds));

            bool stopping = cancellation.IsCancellationRequested && !trainer.HasPending;
            if (last || stopping || done % _settings.CheckpointEvery == 0)
            {
                var state = trainer.State(done);
                lastCheckpoint = _store.Save(done, folder =>
                {
                    TrainerCheckpoint.Save(folder, state, resolvedSettings, updater, tokenizer);
                    trainer.SaveFiles(folder);
                });
                metrics.Flush();
            }
            if (stopping) break;
        }
        return new TrainingResult(losses, stepMetrics, firstStep, lastCheckpoint ?? "") { FinalValLoss = valLoss };
    }
}

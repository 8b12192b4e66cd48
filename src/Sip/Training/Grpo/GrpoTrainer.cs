using System.Diagnostics;
using System.Text.Json;
using Sip.Data;
using Sip.Metrics;
using Sip.Model;
using Sip.Settings;
using Sip.Training.Checkpointing;
using Sip.Training.Running;
using static TorchSharp.torch;

namespace Sip.Training.Grpo;

/// <summary>
/// Group-relative policy optimisation on the run skeleton (<see cref="TrainingRun"/>): every μ optimizer steps it
/// samples G completions of each of P prompts through the shared-prefix fan-out, scores them with the task's
/// verifiable reward, and updates on group-relative advantages (<see cref="GrpoStep"/>). It resumes exactly: the
/// prompt position, the sampler's generator and the reference model are in the checkpoint, and checkpoints fall only
/// between sampled batches.
/// </summary>
public static class GrpoTrainer
{
    public const string SampleLogFileName = "samples.jsonl";

    /// <param name="settings">resolved settings (validated here)</param>
    /// <param name="task">the prompts and their reward function</param>
    /// <param name="metrics">where scalars go</param>
    /// <param name="progress">per-step reports, for progress bars</param>
    /// <param name="cancellation">stops cleanly after the current sampled batch, with a checkpoint</param>
    /// <param name="stopAfterStep">stop (with a checkpoint) once this many steps are done, a multiple of iterations: simulates an interruption</param>
    /// <param name="checkpointFiles">writes files of the caller's into every checkpoint (a teacher's prompt templates)</param>
    public static TrainingResult Run(GrpoSettings settings, IGrpoTask task, IMetricsSink metrics, IProgress<StepReport>? progress = null,
        long? stopAfterStep = null, CancellationToken cancellation = default, Action<string>? checkpointFiles = null)
    {
        SettingsValidator.ThrowIfInvalid(settings);
        if (task.Prompts.Count == 0) throw new ArgumentException($"the GRPO task '{task.Name}' has no prompts", nameof(task));
        if (task.Prompts.Count % task.PromptBlock != 0 || settings.PromptsPerStep % task.PromptBlock != 0)
            SettingsValidator.Throw([$"promptsPerStep: the task '{task.Name}' samples its prompts in blocks of {task.PromptBlock}; promptsPerStep ({settings.PromptsPerStep}) and its prompts ({task.Prompts.Count}) must be multiples of it"]);
        if (stopAfterStep is { } stop && stop % settings.Iterations != 0)
            throw new ArgumentOutOfRangeException(nameof(stopAfterStep), $"a run stops between sampled batches: {stop} is not a multiple of iterations ({settings.Iterations})");

        var run = TrainingRun.Open(settings);
        var (model, tokenizer) = StartingPolicy.Load(run.ResumeFrom, settings.Init, settings.Tokenizer, settings.Model, settings.Seed);
        settings = settings with { Model = model.Config };
        int longestPrompt = task.Prompts.Max(p => p.Tokens.Length);
        if (longestPrompt + settings.MaxCompletionTokens > model.Config.MaxSeqLen)
            SettingsValidator.Throw([$"maxCompletionTokens: the longest prompt ({longestPrompt} tokens) + {settings.MaxCompletionTokens} exceed the model's maxSeqLen ({model.Config.MaxSeqLen})"]);
        var settingsChanged = run.Begin(settings);

        using var _model = model;
        using var updater = new PolicyUpdater(model, settings.Optim, settings.Steps, settings.Precision);
        using var reference = settings.Beta > 0 ? FrozenPolicy.Copy(model, updater.Compute.DType) : null;
        using var generator = new Generator((ulong)settings.Seed + 1);
        var state = run.Restore(updater, new GrpoState { Generator = GeneratorState.Save(generator), Task = task.Describe });
        if (run.ResumeFrom is { } resumeFrom)
        {
            if (state.Task != task.Describe)
                throw new SipInputException(resumeFrom, null, $"this run trained on '{state.Task}', not '{task.Describe}': resuming on another task would change what it learns");
            if (reference is not null) FrozenPolicy.Load(reference, resumeFrom);
            GeneratorState.Restore(generator, state.Generator, Path.Combine(resumeFrom, TrainerCheckpoint.StateFileName), "generator");
        }
        var sampleLog = Path.Combine(settings.Out, SampleLogFileName);
        if (File.Exists(sampleLog)) JsonlMetricsSink.PrepareExistingFile(sampleLog, state.Step + 1);

        using var steps = new Steps(settings, task, new GrpoStep(settings, task, tokenizer), updater, reference, generator, tokenizer, sampleLog, state, checkpointFiles);
        long lastStep = Math.Min(settings.Steps, stopAfterStep ?? long.MaxValue);
        return run.Loop(steps, updater, tokenizer, settings, metrics, state.Step, lastStep, progress, cancellation) with { SettingsChanged = settingsChanged };
    }

    private sealed class Steps(GrpoSettings settings, IGrpoTask task, GrpoStep step, PolicyUpdater updater, LlamaModel? reference,
        Generator generator, ITokenizer tokenizer, string sampleLog, GrpoState resumed, Action<string>? checkpointFiles) : ITrainerSteps<GrpoState>, IDisposable
    {
        private GrpoBatch? _batch;
        private Dictionary<string, double> _batchTimes = [];
        private int _iteration;
        private long _promptsTaken = resumed.PromptsTaken;
        private long _tokensSampled = resumed.TokensSampled;
        private long _unscored = resumed.Unscored;

        /// <summary>A batch with updates still to come: a stop request waits for them (checkpoints fall between batches).</summary>
        public bool HasPending => _batch is not null && _iteration < settings.Iterations;

        public TrainStep Step(long index, bool nextFollows)
        {
            _iteration = (int)(index % settings.Iterations);
            if (_iteration == 0) SampleBatch();
            var clock = Stopwatch.StartNew();
            var update = step.Update(_batch!, updater, reference, _iteration);
            _iteration++;
            var metrics = GrpoMetrics.Of(_batch!, update, task.Name, settings.Beta);
            foreach (var (name, value) in _batchTimes) metrics[name] = value;
            metrics[MetricNames.TimeUpdateSeconds] = clock.Elapsed.TotalSeconds;
            metrics[MetricNames.NumTokens] = _tokensSampled;
            return new TrainStep(update.Loss, metrics);
        }

        private void SampleBatch()
        {
            _batch?.Dispose();
            var indexes = PromptOrder.Take(settings.Seed, task.Prompts.Count, _promptsTaken, settings.PromptsPerStep, task.PromptBlock);
            var prompts = indexes.Select(i => task.Prompts[i]).ToList();
            _promptsTaken += prompts.Count;
            var clock = Stopwatch.StartNew();
            _batch = step.Sample(prompts, updater.Compute, generator, out double rolloutSeconds);
            _batchTimes = new() { [MetricNames.TimeRolloutSeconds] = rolloutSeconds, [MetricNames.TimeRewardSeconds] = clock.Elapsed.TotalSeconds - rolloutSeconds };
            _tokensSampled += prompts.Sum(p => (long)p.Tokens.Length) * settings.Group + _batch.Completions.Sum(c => (long)c.Tokens.Length);
            _unscored += _batch.Rewards.Count(r => r.Unscored);
        }

        public Validation? AfterUpdate(long done, bool last)
        {
            long batches = done / settings.Iterations;
            if (done % settings.Iterations == 0 && settings.SampleLogEvery > 0 && batches % settings.SampleLogEvery == 0) AppendSample(done);
            return null;
        }

        /// <summary>The batch's first prompt with its completions, rewards and advantages.</summary>
        private void AppendSample(long done)
        {
            var batch = _batch!;
            var record = new
            {
                step = done,
                prompt = batch.Completions[0].Prompt.Id,
                promptText = tokenizer.Decode(batch.Completions[0].Prompt.Tokens),
                completions = Enumerable.Range(0, batch.Group).Select(g => new
                {
                    text = batch.Completions[g].Text,
                    reward = batch.Rewards[g].Value,
                    unscored = batch.Rewards[g].Unscored,
                    advantage = batch.Advantages[g],
                    truncated = batch.Completions[g].Truncated,
                }),
            };
            File.AppendAllText(sampleLog, JsonSerializer.Serialize(record) + "\n");
        }

        public GrpoState State(long done) => resumed with
        {
            Step = done, PromptsTaken = _promptsTaken, Generator = GeneratorState.Save(generator), TokensSampled = _tokensSampled, Unscored = _unscored,
        };

        public void SaveFiles(string folder)
        {
            if (reference is not null) FrozenPolicy.Save(reference, folder);
            checkpointFiles?.Invoke(folder);
        }

        public void Dispose() => _batch?.Dispose();
    }
}

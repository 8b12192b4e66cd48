using System.Diagnostics;
using System.Text.Json;
using Sip.Data;
using Sip.Data.Documents;
using Sip.Data.Splitting;
using Sip.Data.Tokenization;
using Sip.Metrics;
using Sip.Model;
using Sip.Model.Checkpoints;
using Sip.Settings;
using Sip.Teacher;
using Sip.Training.Checkpointing;
using Sip.Training.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace Sip.Training.SelfImproving;

/// <summary>
/// The self-improving pretraining loop: stream samples, run a <see cref="SipStep"/> per batch, update, log the curriculum,
/// checkpoint. It resumes exactly: the policy, optimizer, reference model, data position, rollout generator and
/// tie-breaking generator are all in the checkpoint, and a resumed run refuses a different teacher.
/// </summary>
public sealed class SipTrainer
{
    public const string ReferenceFileName = "reference.safetensors";
    public const string SampleLogFileName = "samples.jsonl";

    /// <summary>The run's result: per-step losses and metrics of this invocation, and its last checkpoint.</summary>
    public sealed record Result(IReadOnlyList<double> Losses, IReadOnlyList<IReadOnlyDictionary<string, double>> StepMetrics, long FirstStep, string LastCheckpoint)
    {
        /// <summary>Settings that differ from the resumed checkpoint's (<see cref="SettingsDrift"/>); empty for a fresh run.</summary>
        public IReadOnlyList<string> SettingsChanged { get; init; } = [];
    }

    public static Result Run(SipSettings settings, IJudge? judge, IRewriter? rewriter, IMetricsSink metrics,
        IProgress<StepReport>? progress = null, long? stopAfterStep = null, CancellationToken cancellation = default)
    {
        SettingsValidator.ThrowIfInvalid(settings);
        if (settings.Needs.Judge && judge is null) throw new SipInputException("method", null, $"{settings.Method} needs a judge");
        if (settings.EffectivePool.Rewrite && rewriter is null) throw new SipInputException("pool.rewrite", null, $"{settings.Method} with this pool needs a rewriter");
        if (settings.Threads > 0) set_num_threads(settings.Threads);

        var store = new CheckpointStore(Path.Combine(settings.Out, "checkpoints"), settings.KeepCheckpoints);
        var resumeFrom = store.Latest();
        var (model, tokenizer) = LoadStartingPolicy(settings, resumeFrom);
        settings = settings with { Model = model.Config };
        if (settings.Data.SuffixTokens + settings.Data.MinPrefixTokens + 1 > model.Config.MaxSeqLen)
            throw new SipInputException("data.suffixTokens", null, $"BOS + minPrefixTokens ({settings.Data.MinPrefixTokens}) + suffixTokens ({settings.Data.SuffixTokens}) exceed the model's maxSeqLen ({model.Config.MaxSeqLen})");
        var settingsChanged = ResumeWarnings.SettingsChanged(resumeFrom, settings);
        Directory.CreateDirectory(settings.Out);
        SettingsFile.Save(settings, Path.Combine(settings.Out, TrainerCheckpoint.SettingsFileName));

        using var _model = model;
        using var updater = new PolicyUpdater(model, settings.Optim, settings.Steps, settings.Precision);
        using var reference = settings.Needs.Reference ? Frozen(model, updater.Compute.DType) : null;
        using var rolloutGenerator = new Generator((ulong)settings.Seed + 1);
        var selectionRng = new Rng((ulong)settings.Seed + 2);
        var state = new SipState
        {
            Data = SampleStreamState.Start(new Rng((ulong)settings.Seed)),
            SelectionRng = selectionRng.State,
            RolloutGenerator = SaveGenerator(rolloutGenerator),
            Judge = judge?.Describe,
            Rewriter = rewriter?.Describe,
        };
        if (resumeFrom is not null)
        {
            state = TrainerCheckpoint.Restore<SipState>(resumeFrom, updater);
            CheckSameTeacher(state, judge, rewriter, resumeFrom);
            if (reference is not null) PolicyCheckpoint.LoadWeights(reference, Path.Combine(resumeFrom, ReferenceFileName));
            try
            {
                selectionRng.State = state.SelectionRng;
                RestoreGenerator(rolloutGenerator, state.RolloutGenerator);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or System.Runtime.InteropServices.ExternalException)
            {
                throw new SipInputException(Path.Combine(resumeFrom, TrainerCheckpoint.StateFileName), null,
                    $"selectionRng / rolloutGenerator: not a random generator's saved state ({e.Message.Split('\n')[0]})", e);
            }
        }
        // Like metrics.jsonl: samples logged after the checkpoint being resumed are logged again, so drop them (and a
        // line a crash left torn).
        var sampleLog = Path.Combine(settings.Out, SampleLogFileName);
        if (File.Exists(sampleLog)) Metrics.JsonlMetricsSink.PrepareExistingFile(sampleLog, state.Step + 1); // Step is 0 in a fresh run

        var source = DocumentSource.Open(settings.Data.Train, settings.Data.SourceSettings);
        using var stream = new SampleStream(source, tokenizer, settings.Data.Split(model.Config.MaxSeqLen), state.Data, epochs: null);
        var step = new SipStep(settings, tokenizer, judge, rewriter);
        var losses = new List<double>();
        var stepMetrics = new List<IReadOnlyDictionary<string, double>>();
        string lastCheckpoint = resumeFrom ?? "";
        long lastStep = Math.Min(settings.Steps, stopAfterStep ?? long.MaxValue);
        long judgeCalls = state.JudgeCalls, invalidSamples = state.InvalidSamples, rewriteFailures = state.RewriteFailures;

        SipStep.Pending? prefetched = null;
        for (long index = state.Step; index < lastStep; index++)
        {
            var clock = Stopwatch.StartNew();
            SipStepOutcome outcome;
            try
            {
                // Teacher calls get no cancellation: a stop request (Ctrl+C) means "after the current step", whose judge
                // answers it needs; cancelling them threw the step, and every step since the last checkpoint, away.
                var current = prefetched ?? step.Prepare(stream.Take(settings.BatchSize), updater.Compute, rolloutGenerator, selectionRng, CancellationToken.None);
                prefetched = null;
                long next = index + 1;
                // Overlap: the next batch's rollouts come from the policy before this update (one step stale) and its
                // judge requests fly while this batch updates. Never across a checkpoint, so a checkpoint never has a
                // batch in flight and resume stays exact.
                bool prefetch = settings.Overlap && next < lastStep && next % settings.CheckpointEvery != 0 && !cancellation.IsCancellationRequested;
                if (prefetch)
                    prefetched = step.Prepare(stream.Take(settings.BatchSize), updater.Compute, rolloutGenerator, selectionRng, CancellationToken.None);
                outcome = step.Complete(current, updater, reference, selectionRng);
            }
            catch (NonFiniteLossException e)
            {
                throw new TrainingDivergedException(index, e.Quantity, lastCheckpoint.Length == 0 ? null : lastCheckpoint);
            }
            var (lr, gradNorm) = updater.Step(index);
            if (!double.IsFinite(gradNorm)) throw new TrainingDivergedException(index, "the gradient norm", lastCheckpoint.Length == 0 ? null : lastCheckpoint);
            long done = index + 1;
            if (reference is not null && settings.Dpo.ReferenceSyncEvery > 0 && done % settings.Dpo.ReferenceSyncEvery == 0) CopyWeights(model, reference);

            judgeCalls += (long)outcome.Metrics.GetValueOrDefault(SipTrainerMetricNames.JudgeCalls);
            invalidSamples += (long)outcome.Metrics.GetValueOrDefault(Rewards.SipMetricNames.JudgeInvalidSamples);
            rewriteFailures += (long)outcome.Metrics.GetValueOrDefault(SipTrainerMetricNames.RewriteFailures);
            var scalars = new Dictionary<string, double>(outcome.Metrics)
            {
                [MetricNames.TrainLoss] = outcome.Loss, [MetricNames.TrainLearningRate] = lr, [MetricNames.TrainGradNorm] = gradNorm,
                [SipTrainerMetricNames.TimeStepSeconds] = clock.Elapsed.TotalSeconds,
            };
            // A chat teacher's transport and cache counters (cumulative since it was created).
            foreach (var teacher in new object?[] { judge, rewriter }.OfType<ITeacherMetrics>().Distinct())
                foreach (var (name, value) in teacher.Snapshot()) scalars[name] = value;
            losses.Add(outcome.Loss);
            stepMetrics.Add(scalars);
            if (done % settings.LogEvery == 0 || done == lastStep) metrics.Write(done, scalars);
            if (settings.SampleLogEvery > 0 && done % settings.SampleLogEvery == 0) SampleLog.Append(sampleLog, done, outcome);
            progress?.Report(new StepReport(done, settings.Steps, outcome.Loss, lr, gradNorm, null, null, clock.Elapsed.TotalSeconds));

            // With a batch in flight, stop one step later: its samples are already taken from the stream.
            bool stopping = cancellation.IsCancellationRequested && prefetched is null;
            if (done == lastStep || stopping || done % settings.CheckpointEvery == 0)
            {
                var saved = state with
                {
                    Step = done, Data = stream.State, SelectionRng = selectionRng.State, RolloutGenerator = SaveGenerator(rolloutGenerator),
                    JudgeCalls = judgeCalls, InvalidSamples = invalidSamples, RewriteFailures = rewriteFailures,
                };
                lastCheckpoint = store.Save(done, folder =>
                {
                    TrainerCheckpoint.Save(folder, saved, settings, updater, tokenizer);
                    if (reference is not null)
                        SafeTensors.Save(Path.Combine(folder, ReferenceFileName), reference.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter));
                });
                metrics.Flush();
            }
            if (stopping) break;
        }
        return new Result(losses, stepMetrics, state.Step, lastCheckpoint) { SettingsChanged = settingsChanged };
    }

    private static (LlamaModel Model, ITokenizer Tokenizer) LoadStartingPolicy(SipSettings settings, string? resumeFrom)
    {
        if (resumeFrom is not null) return (PolicyCheckpoint.LoadModel(resumeFrom), PolicyCheckpoint.LoadTokenizer(resumeFrom));
        if (!string.IsNullOrWhiteSpace(settings.Init))
        {
            var folder = CheckpointLocator.Resolve(settings.Init);
            return (PolicyCheckpoint.LoadModel(folder), PolicyCheckpoint.LoadTokenizer(folder));
        }
        var tokenizer = TokenizerLoader.Load(settings.Tokenizer);
        var config = settings.Model.VocabSize == 0 ? settings.Model with { VocabSize = tokenizer.VocabSize } : settings.Model;
        var model = new LlamaModel(config);
        model.Initialize(settings.Seed);
        return (model, tokenizer);
    }

    /// <summary>
    /// The reference policy: a frozen copy of the starting weights, in the dtype the policy computes in. In bf16 mixed
    /// precision that is the replica's rounding of the same weights, so before the first update the policy and the
    /// reference score every sequence identically (DPO's margins start at exactly 0, not at a rounding difference) and
    /// the reference's forward pass runs at bf16 speed.
    /// </summary>
    private static LlamaModel Frozen(LlamaModel model, ScalarType dtype)
    {
        var copy = new LlamaModel(model.Config);
        if (dtype != copy.DType) copy.to(dtype);
        CopyWeights(model, copy);
        foreach (var p in copy.parameters()) p.requires_grad = false;
        copy.eval();
        return copy;
    }

    private static void CopyWeights(LlamaModel from, LlamaModel to)
    {
        using var _ = no_grad();
        var source = from.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in to.named_parameters()) p.copy_(source[name]);
    }

    private static void CheckSameTeacher(SipState state, IJudge? judge, IRewriter? rewriter, string folder)
    {
        if (state.Judge != judge?.Describe)
            throw new SipInputException(folder, null, $"this run was judged by '{state.Judge}', not '{judge?.Describe}': resuming with another judge would change what it learns");
        if (state.Rewriter != rewriter?.Describe)
            throw new SipInputException(folder, null, $"this run used rewriter '{state.Rewriter}', not '{rewriter?.Describe}'");
    }

    private static string SaveGenerator(Generator generator)
    {
        using var state = generator.get_state();
        return Convert.ToBase64String(state.bytes);
    }

    private static void RestoreGenerator(Generator generator, string saved)
    {
        var bytes = Convert.FromBase64String(saved);
        // libtorch checks the size itself, but TorchSharp does not catch that error: the process would abort.
        using (var current = generator.get_state())
            if (bytes.Length != current.NumberOfElements)
                throw new FormatException($"{bytes.Length} bytes where a generator's state has {current.NumberOfElements}");
        using var state = empty(bytes.Length, ScalarType.Byte);
        state.bytes = bytes;
        generator.set_state(state);
    }
}

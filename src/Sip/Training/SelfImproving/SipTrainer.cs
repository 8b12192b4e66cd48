using System.Diagnostics;
using System.Text.Json;
using Sip.Data;
using Sip.Data.Documents;
using Sip.Data.Splitting;
using Sip.Data.Tokenization;
using Sip.Metrics;
using Sip.Model;
using Sip.Settings;
using Sip.Teacher;
using Sip.Training.Checkpointing;
using Sip.Training.Objectives;
using Sip.Training.Running;
using TorchSharp;
using static TorchSharp.torch;

namespace Sip.Training.SelfImproving;

/// <summary>
/// The self-improving pretraining loop on the run skeleton (<see cref="TrainingRun"/>): stream samples, run a
/// <see cref="SipStep"/> per batch, update, log the curriculum, checkpoint. It resumes exactly: the policy, optimizer,
/// reference model, data position and rollout generator are in the checkpoint, the pair-order and tie-break streams are
/// derived from the seed and the step (<see cref="StepRandom"/>), and a resumed run refuses a different teacher.
/// </summary>
public sealed class SipTrainer
{
    public const string SampleLogFileName = "samples.jsonl";

    public static TrainingResult Run(SipSettings settings, IJudge? judge, IRewriter? rewriter, IMetricsSink metrics,
        IProgress<StepReport>? progress = null, long? stopAfterStep = null, CancellationToken cancellation = default)
    {
        SettingsValidator.ThrowIfInvalid(settings);
        var missingTeacher = new List<string>();
        if (settings.Needs.Judge && judge is null) missingTeacher.Add($"method: {settings.Method} needs a judge");
        if (settings.EffectivePool.Rewrite && rewriter is null) missingTeacher.Add($"pool.rewrite: {settings.Method} with this pool needs a rewriter");
        SettingsValidator.Throw(missingTeacher);

        var run = TrainingRun.Open(settings);
        var (model, tokenizer) = StartingPolicy.Load(run.ResumeFrom, settings.Init, settings.Tokenizer, settings.Model, settings.Seed);
        settings = settings with { Model = model.Config };
        // A continued run learns its context length from the checkpoint, so this check waits for it.
        if (settings.Data.SuffixTokens + settings.Data.MinPrefixTokens + 1 > model.Config.MaxSeqLen)
            SettingsValidator.Throw([$"data.suffixTokens: BOS + minPrefixTokens ({settings.Data.MinPrefixTokens}) + suffixTokens ({settings.Data.SuffixTokens}) exceed the model's maxSeqLen ({model.Config.MaxSeqLen})"]);
        var settingsChanged = run.Begin(settings);

        using var _model = model;
        using var updater = new PolicyUpdater(model, settings.Optim, settings.Steps, settings.Precision);
        using var reference = settings.Needs.Reference ? FrozenPolicy.Copy(model, updater.Compute.DType) : null;
        using var rolloutGenerator = new Generator((ulong)settings.Seed + 1);
        var state = run.Restore(updater, new SipState
        {
            Data = SampleStreamState.Start(new Rng((ulong)settings.Seed)),
            RolloutGenerator = GeneratorState.Save(rolloutGenerator),
            Judge = judge?.Describe,
            Rewriter = rewriter?.Describe,
        });
        if (run.ResumeFrom is { } resumeFrom)
        {
            CheckSameTeacher(state, judge, rewriter, resumeFrom);
            if (reference is not null) FrozenPolicy.Load(reference, resumeFrom);
            GeneratorState.Restore(rolloutGenerator, state.RolloutGenerator, Path.Combine(resumeFrom, TrainerCheckpoint.StateFileName), "rolloutGenerator");
        }
        // Like metrics.jsonl: samples logged after the checkpoint being resumed are logged again, so drop them (and a
        // line a crash left torn).
        var sampleLog = Path.Combine(settings.Out, SampleLogFileName);
        if (File.Exists(sampleLog)) Metrics.JsonlMetricsSink.PrepareExistingFile(sampleLog, state.Step + 1); // Step is 0 in a fresh run

        var source = DocumentSource.Open(settings.Data.Train, settings.Data.SourceSettings);
        using var stream = new SampleStream(source, tokenizer, settings.Data.Split(model.Config.MaxSeqLen), state.Data, epochs: null);
        var steps = new Steps(settings, new SipStep(settings, tokenizer, judge, rewriter), updater, model, reference, stream,
            rolloutGenerator, [judge, rewriter], sampleLog, state);
        long lastStep = Math.Min(settings.Steps, stopAfterStep ?? long.MaxValue);
        return run.Loop(steps, updater, tokenizer, settings, metrics, state.Step, lastStep, progress, cancellation) with { SettingsChanged = settingsChanged };
    }

    /// <summary>The SIP loop's part of the run skeleton: a <see cref="SipStep"/> per batch, overlapped with the next batch's rollouts and judging when asked.</summary>
    private sealed class Steps(SipSettings settings, SipStep step, PolicyUpdater updater, LlamaModel policy, LlamaModel? reference, SampleStream stream,
        Generator rolloutGenerator, object?[] teachers, string sampleLog, SipState resumed) : ITrainerSteps<SipState>
    {
        private SipStep.Pending? _prefetched;
        private SipStepOutcome? _last;
        private SipStepCounters _totals = resumed.Totals;

        public bool HasPending => _prefetched is not null;

        public TrainStep Step(long index, bool nextFollows)
        {
            // Teacher calls get no cancellation: a stop request (Ctrl+C) means "after the current step", whose judge
            // answers it needs; cancelling them threw the step, and every step since the last checkpoint, away.
            var current = _prefetched ?? Prepare(index);
            _prefetched = null;
            // Overlap: the next batch's rollouts come from the policy before this update (one step stale) and its
            // judge requests fly while this batch updates. Never across a checkpoint (the skeleton says when the next
            // step follows), so a checkpoint never has a batch in flight and resume stays exact.
            if (settings.Overlap && nextFollows) _prefetched = Prepare(index + 1);
            var outcome = step.Complete(current, updater, reference, StepRandom.For(settings.Seed, index, StepPhase.TieBreak));
            _last = outcome;
            _totals += outcome.Counters;
            var metrics = new Dictionary<string, double>(outcome.Metrics);
            DataMetrics.Write(stream.State.Stats, metrics);
            // A chat teacher's transport and cache counters (cumulative since it was created).
            foreach (var teacher in teachers.OfType<ITeacherMetrics>().Distinct())
                foreach (var (name, value) in teacher.Snapshot()) metrics[name] = value;
            return new TrainStep(outcome.Loss, metrics);
        }

        public Validation? AfterUpdate(long done, bool last)
        {
            if (reference is not null && settings.Dpo.ReferenceSyncEvery > 0 && done % settings.Dpo.ReferenceSyncEvery == 0) FrozenPolicy.CopyWeights(policy, reference);
            if (settings.SampleLogEvery > 0 && done % settings.SampleLogEvery == 0) SampleLog.Append(sampleLog, done, _last!);
            return null;
        }

        public SipState State(long done) => resumed with
        {
            Step = done, Data = stream.State, RolloutGenerator = GeneratorState.Save(rolloutGenerator), Totals = _totals,
        };

        public void SaveFiles(string folder)
        {
            if (reference is not null) FrozenPolicy.Save(reference, folder);
        }

        private SipStep.Pending Prepare(long index) =>
            step.Prepare(stream.Take(settings.BatchSize), updater.Compute, rolloutGenerator, StepRandom.For(settings.Seed, index, StepPhase.PairOrder), CancellationToken.None);
    }

    private static void CheckSameTeacher(SipState state, IJudge? judge, IRewriter? rewriter, string folder)
    {
        if (state.Judge != judge?.Describe)
            throw new SipInputException(folder, null, $"this run was judged by '{state.Judge}', not '{judge?.Describe}': resuming with another judge would change what it learns");
        if (state.Rewriter != rewriter?.Describe)
            throw new SipInputException(folder, null, $"this run used rewriter '{state.Rewriter}', not '{rewriter?.Describe}'");
    }
}

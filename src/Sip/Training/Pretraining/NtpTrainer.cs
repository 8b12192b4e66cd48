using System.Diagnostics;
using Sip.Data;
using Sip.Data.Documents;
using Sip.Data.Splitting;
using Sip.Data.Tokenization;
using Sip.Metrics;
using Sip.Model;
using Sip.Settings;
using Sip.Training.Checkpointing;
using static TorchSharp.torch;

namespace Sip.Training.Pretraining;

/// <summary>
/// Standard pretraining: next-token prediction on (BOS + prefix + suffix) samples, with AdamW, a cosine schedule,
/// clipping, accumulation and exact resume. The loop orchestrates; the math lives in <see cref="TokenLosses"/>, the
/// update in <see cref="PolicyUpdater"/>, the files in <see cref="CheckpointStore"/> and <see cref="PolicyCheckpoint"/>.
/// </summary>
public sealed class NtpTrainer
{
    /// <summary>Result of a run: the per-step training losses of this invocation and where the last checkpoint is.</summary>
    public sealed record Result(IReadOnlyList<double> Losses, long FirstStep, string LastCheckpoint, double? FinalValLoss)
    {
        /// <summary>Settings that differ from the resumed checkpoint's (<see cref="SettingsDrift"/>); empty for a fresh run.</summary>
        public IReadOnlyList<string> SettingsChanged { get; init; } = [];
    }

    /// <param name="settings">resolved settings (validated here)</param>
    /// <param name="metrics">where scalars go</param>
    /// <param name="progress">per-step reports, for progress bars</param>
    /// <param name="stopAfterStep">stop (with a checkpoint) once this many steps are done: simulates an interruption</param>
    /// <param name="cancellation">stops cleanly after the current step, with a checkpoint</param>
    public static Result Run(PretrainSettings settings, IMetricsSink metrics, IProgress<StepReport>? progress = null,
        long? stopAfterStep = null, CancellationToken cancellation = default)
    {
        var store = new CheckpointStore(Path.Combine(settings.Out, "checkpoints"), settings.KeepCheckpoints);
        var resumeFrom = store.Latest();
        ITokenizer tokenizer = resumeFrom is not null ? PolicyCheckpoint.LoadTokenizer(resumeFrom) : TokenizerLoader.Load(settings.Tokenizer);
        if (settings.Model.VocabSize == 0) settings = settings with { Model = settings.Model with { VocabSize = tokenizer.VocabSize } };
        SettingsValidator.ThrowIfInvalid(settings);
        if (settings.Model.VocabSize < tokenizer.VocabSize)
            throw new SipInputException("model.vocabSize", null, $"is {settings.Model.VocabSize}, smaller than the tokenizer's {tokenizer.VocabSize} ids");
        if (settings.Threads > 0) set_num_threads(settings.Threads);
        var settingsChanged = ResumeWarnings.SettingsChanged(resumeFrom, settings);
        Directory.CreateDirectory(settings.Out);
        SettingsFile.Save(settings, Path.Combine(settings.Out, TrainerCheckpoint.SettingsFileName));

        using var model = new LlamaModel(settings.Model);
        model.Initialize(settings.Seed);
        using var updater = new PolicyUpdater(model, settings.Optim, settings.Steps, settings.Precision);
        var split = settings.Data.Split(settings.Model.MaxSeqLen);
        var source = DocumentSource.Open(settings.Data.Train, settings.Data.SourceSettings);
        var state = new PretrainState { Data = SampleStreamState.Start(new Rng((ulong)settings.Seed)) };
        if (resumeFrom is not null) state = TrainerCheckpoint.Restore<PretrainState>(resumeFrom, updater);

        var validation = LoadValidation(settings, tokenizer, split);
        using var stream = new SampleStream(source, tokenizer, split, state.Data, epochs: null);
        var losses = new List<double>();
        string lastCheckpoint = resumeFrom ?? "";
        double? valLoss = null;
        long tokensSeen = state.TokensSeen;
        long lastStep = Math.Min(settings.Steps, stopAfterStep ?? long.MaxValue);
        var clock = Stopwatch.StartNew();
        long tokensAtClock = tokensSeen;

        for (long step = state.Step; step < lastStep; step++)
        {
            updater.Compute.train();
            double stepLoss = 0;
            for (int micro = 0; micro < settings.GradAccum; micro++)
            {
                using var scope = NewDisposeScope();
                using var batch = NextBatch(stream, settings, tokenizer);
                var loss = TokenLosses.MeanNll(updater.Compute.forward(batch.Inputs), batch);
                double value = loss.item<float>();
                if (!double.IsFinite(value)) throw new TrainingDivergedException(step, "the training loss", NullIfEmpty(lastCheckpoint));
                updater.Backward(loss / settings.GradAccum);
                stepLoss += value / settings.GradAccum;
                tokensSeen += (long)batch.LossMask.sum().item<float>() + batch.Rows; // counted targets + the BOS inputs
            }
            var (lr, gradNorm) = updater.Step(step);
            if (!double.IsFinite(gradNorm)) throw new TrainingDivergedException(step, "the gradient norm", NullIfEmpty(lastCheckpoint));
            losses.Add(stepLoss);
            long done = step + 1;
            bool last = done == lastStep;

            if (validation.Count > 0 && (last || (settings.EvalEvery > 0 && done % settings.EvalEvery == 0)))
            {
                valLoss = ValidationLoss(model, validation, settings, tokenizer);
                metrics.Write(done, new Dictionary<string, double> { [MetricNames.ValLoss] = valLoss.Value, [MetricNames.ValPerplexity] = Math.Exp(valLoss.Value) });
            }
            double tokensPerSecond = (tokensSeen - tokensAtClock) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
            if (done % settings.LogEvery == 0 || last)
            {
                var stats = stream.State.Stats;
                metrics.Write(done, new Dictionary<string, double>
                {
                    [MetricNames.TrainLoss] = stepLoss, [MetricNames.TrainLearningRate] = lr, [MetricNames.TrainGradNorm] = gradNorm,
                    [MetricNames.TrainTokensPerSecond] = tokensPerSecond, [MetricNames.TrainTokensSeen] = tokensSeen,
                    [MetricNames.DataDocsSkippedTooShort] = stats.TooShort, [MetricNames.DataRecordsSkippedBad] = stats.SkippedTotal,
                });
            }
            progress?.Report(new StepReport(done, settings.Steps, stepLoss, lr, gradNorm, tokensPerSecond, valLoss));

            bool stopping = cancellation.IsCancellationRequested;
            if (last || stopping || done % settings.CheckpointEvery == 0)
            {
                var saved = new PretrainState { Step = done, TokensSeen = tokensSeen, Data = stream.State };
                lastCheckpoint = store.Save(done, folder => TrainerCheckpoint.Save(folder, saved, settings, updater, tokenizer));
                metrics.Flush();
            }
            if (stopping) break;
        }
        return new Result(losses, state.Step, lastCheckpoint, valLoss) { SettingsChanged = settingsChanged };
    }

    private static TokenBatch NextBatch(SampleStream stream, PretrainSettings settings, ITokenizer tokenizer) =>
        TokenBatch.Build(stream.Take(settings.BatchSize).Select(s => new ContinuationSequence(s.Context, s.Suffix)).ToList(),
            continuationOnly: settings.Loss == LossSpan.Suffix, tokenizer.PadId);

    private static List<Sample> LoadValidation(PretrainSettings settings, ITokenizer tokenizer, SplitSettings split) =>
        string.IsNullOrWhiteSpace(settings.Data.Val) ? [] : Evaluation.Perplexity.HeldOutSamples(settings.Data.Val, settings.Data.SourceSettings, tokenizer, split, settings.EvalSamples);

    /// <summary>Mean NLL per counted token over the held-out samples, under the training loss span.</summary>
    public static double ValidationLoss(LlamaModel model, IReadOnlyList<Sample> samples, PretrainSettings settings, ITokenizer tokenizer) =>
        Evaluation.Perplexity.MeanNll(model, samples, tokenizer, settings.Loss == LossSpan.Suffix, settings.BatchSize);

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}

using System.Diagnostics;
using Sip.Data;
using Sip.Data.Documents;
using Sip.Data.Splitting;
using Sip.Data.Tokenization;
using Sip.Metrics;
using Sip.Model;
using Sip.Settings;
using Sip.Training.Objectives;
using Sip.Training.Running;
using static TorchSharp.torch;

namespace Sip.Training.Pretraining;

/// <summary>
/// Standard pretraining: next-token prediction on (BOS + prefix + suffix) samples, with AdamW, a cosine schedule,
/// clipping, accumulation and exact resume, on the run skeleton (<see cref="TrainingRun"/>). The math lives in
/// <see cref="TokenLosses"/>, the update in <see cref="PolicyUpdater"/>.
/// <para>
/// Continual NTP, the baseline SIP is compared with, is <see cref="Method.Ntp"/> in the SIP trainer instead: it reads
/// the SIP stream (same splits, same seed, same batches), so its evaluation pairs with the SIP runs prefix for prefix.
/// Both weight every counted token of an optimizer step equally, across micro-batches too.
/// </para>
/// </summary>
public sealed class NtpTrainer
{
    /// <param name="settings">resolved settings (validated here)</param>
    /// <param name="metrics">where scalars go</param>
    /// <param name="progress">per-step reports, for progress bars</param>
    /// <param name="stopAfterStep">stop (with a checkpoint) once this many steps are done: simulates an interruption</param>
    /// <param name="cancellation">stops cleanly after the current step, with a checkpoint</param>
    public static TrainingResult Run(PretrainSettings settings, IMetricsSink metrics, IProgress<StepReport>? progress = null,
        long? stopAfterStep = null, CancellationToken cancellation = default)
    {
        var run = TrainingRun.Open(settings);
        ITokenizer tokenizer = run.ResumeFrom is not null ? Checkpointing.PolicyCheckpoint.LoadTokenizer(run.ResumeFrom) : TokenizerLoader.Load(settings.Tokenizer);
        if (settings.Model.VocabSize == 0) settings = settings with { Model = settings.Model with { VocabSize = tokenizer.VocabSize } };
        SettingsValidator.ThrowIfInvalid(settings);
        if (settings.Model.VocabSize < tokenizer.VocabSize)
            SettingsValidator.Throw([$"model.vocabSize: is {settings.Model.VocabSize}, smaller than the tokenizer's {tokenizer.VocabSize} ids"]);
        var settingsChanged = run.Begin(settings);

        using var model = new LlamaModel(settings.Model);
        model.Initialize(settings.Seed);
        using var updater = new PolicyUpdater(model, settings.Optim, settings.Steps, settings.Precision);
        var split = settings.Data.Split(settings.Model.MaxSeqLen);
        var state = run.Restore(updater, new PretrainState { Data = SampleStreamState.Start(new Rng((ulong)settings.Seed)) });
        var validation = string.IsNullOrWhiteSpace(settings.Data.Val)
            ? []
            : Evaluation.Perplexity.HeldOutSamples(settings.Data.Val, settings.Data.SourceSettings, tokenizer, split, settings.EvalSamples);
        using var stream = new SampleStream(DocumentSource.Open(settings.Data.Train, settings.Data.SourceSettings), tokenizer, split, state.Data, epochs: null);

        var steps = new Steps(settings, tokenizer, updater, stream, validation, state.TokensSeen);
        long lastStep = Math.Min(settings.Steps, stopAfterStep ?? long.MaxValue);
        return run.Loop(steps, updater, tokenizer, settings, metrics, state.Step, lastStep, progress, cancellation) with { SettingsChanged = settingsChanged };
    }

    /// <summary>Mean NLL per counted token over the held-out samples, under the training loss span.</summary>
    public static double ValidationLoss(LlamaModel model, IReadOnlyList<Sample> samples, PretrainSettings settings, ITokenizer tokenizer) =>
        Evaluation.Perplexity.MeanNll(model, samples, tokenizer, settings.Loss == LossSpan.Suffix, settings.MicroBatch);

    /// <summary>One pretraining step: <see cref="PretrainSettings.BatchSize"/> samples, in passes of at most <see cref="PretrainSettings.MicroBatch"/>.</summary>
    private sealed class Steps(PretrainSettings settings, ITokenizer tokenizer, PolicyUpdater updater, SampleStream stream,
        IReadOnlyList<Sample> validation, long tokensSeen) : ITrainerSteps<PretrainState>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly long _tokensAtClock = tokensSeen;
        private long _tokensSeen = tokensSeen;

        public bool HasPending => false;

        public TrainStep Step(long index, bool nextFollows)
        {
            updater.Compute.train();
            // Every counted token of the step weighs the same, whichever micro-batch it is in.
            bool continuationOnly = settings.Loss == LossSpan.Suffix;
            var chunks = stream.Take(settings.BatchSize).Select(s => new ContinuationSequence(s.Context, s.Suffix)).Chunk(settings.MicroBatch).ToList();
            var counted = chunks.Select(chunk => chunk.Sum(s => (long)TokenLosses.CountedTokens(s, continuationOnly))).ToList();
            using var total = tensor((float)counted.Sum()).clamp_min(1);
            double stepLoss = 0;
            for (int i = 0; i < chunks.Count; i++)
            {
                using var scope = NewDisposeScope();
                using var batch = TokenBatch.Build(chunks[i], continuationOnly, tokenizer.PadId);
                var loss = -TokenLosses.TargetLogProbs(updater.Compute.forward(batch.Inputs), batch).sum() / total;
                double value = loss.item<float>();
                if (!double.IsFinite(value)) throw new NonFiniteLossException("the training loss");
                updater.Backward(loss);
                stepLoss += value;
                _tokensSeen += counted[i] + chunks[i].Length; // counted targets + the BOS inputs
            }
            var stats = stream.State.Stats;
            double tokensPerSecond = (_tokensSeen - _tokensAtClock) / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
            var metrics = new Dictionary<string, double>
            {
                [MetricNames.TrainTokensPerSecond] = tokensPerSecond, [MetricNames.TrainTokensSeen] = _tokensSeen,
            };
            DataMetrics.Write(stats, metrics);
            return new TrainStep(stepLoss, metrics, tokensPerSecond);
        }

        public Validation? AfterUpdate(long done, bool last)
        {
            if (validation.Count == 0 || !(last || (settings.EvalEvery > 0 && done % settings.EvalEvery == 0))) return null;
            double valLoss = ValidationLoss(updater.Master, validation, settings, tokenizer);
            return new Validation(new Dictionary<string, double> { [MetricNames.ValLoss] = valLoss, [MetricNames.ValPerplexity] = Math.Exp(valLoss) }, valLoss);
        }

        public PretrainState State(long done) => new() { Step = done, TokensSeen = _tokensSeen, Data = stream.State };

        public void SaveFiles(string folder) { }
    }
}

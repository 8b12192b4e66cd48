using System.Diagnostics;
using Sip.Data;
using Sip.Metrics;
using Sip.Settings;
using Sip.Training.Checkpointing;
using Sip.Training.Grpo;
using Sip.Training.Objectives;
using Sip.Training.Running;
using static TorchSharp.torch;

namespace Sip.Training.Sft;

/// <summary>
/// Supervised fine-tuning on the run skeleton (<see cref="TrainingRun"/>): each step takes the next examples of a
/// seeded per-epoch permutation (<see cref="PromptOrder"/>), groups them by prompt length into micro-batches, and
/// descends the mean NLL of their answer tokens (every answer token of a step weighs the same, as in TRL's
/// completion-only loss). Each prompt is encoded once and the answer read over its cache (<see cref="SharedPrefixBatch"/>),
/// so the vocabulary projection runs on answer positions only. Exact resume: the order position is one number.
/// </summary>
public static class SftTrainer
{
    /// <param name="settings">resolved settings (validated here)</param>
    /// <param name="data">the examples, tokenized with the starting checkpoint's tokenizer</param>
    /// <param name="metrics">where scalars go</param>
    /// <param name="progress">per-step reports</param>
    /// <param name="stopAfterStep">stop (with a checkpoint) once this many steps are done: simulates an interruption</param>
    /// <param name="checkpointFiles">writes files of the caller's into every checkpoint (a teacher's prompt templates)</param>
    /// <param name="cancellation">stops cleanly after the current step, with a checkpoint</param>
    public static TrainingResult Run(SftSettings settings, SftData data, IMetricsSink metrics, IProgress<StepReport>? progress = null,
        long? stopAfterStep = null, Action<string>? checkpointFiles = null, CancellationToken cancellation = default)
    {
        SettingsValidator.ThrowIfInvalid(settings);
        if (data.Train.Count == 0) throw new ArgumentException("SFT needs at least one training example", nameof(data));
        var run = TrainingRun.Open(settings);
        var (model, tokenizer) = StartingPolicy.Load(run.ResumeFrom, settings.Init, "", new(), seed: 0);
        var tooLong = data.Train.Concat(data.Validation).FirstOrDefault(e => e.Prompt.Length + e.Answer.Length > model.Config.MaxSeqLen);
        if (tooLong is not null)
            SettingsValidator.Throw([$"example {tooLong.Id}: {tooLong.Prompt.Length} prompt + {tooLong.Answer.Length} answer tokens exceed the model's maxSeqLen ({model.Config.MaxSeqLen})"]);
        if (data.Train.Concat(data.Validation).FirstOrDefault(e => e.Prompt.Length == 0 || e.Answer.Length == 0) is { } empty)
            throw new ArgumentException($"example {empty.Id}: needs a prompt (BOS at least) and an answer", nameof(data));
        var settingsChanged = run.Begin(settings);

        using var _model = model;
        using var updater = new PolicyUpdater(model, settings.Optim, settings.Steps, settings.Precision);
        var state = run.Restore(updater, new SftState { Data = data.Describe });
        if (run.ResumeFrom is { } resumeFrom && state.Data != data.Describe)
            throw new SipInputException(resumeFrom, null, $"this run trained on '{state.Data}', not '{data.Describe}': resuming on other data would change what it learns");

        var steps = new Steps(settings, data, updater, tokenizer, state, checkpointFiles);
        long lastStep = Math.Min(settings.Steps, stopAfterStep ?? long.MaxValue);
        return run.Loop(steps, updater, tokenizer, settings, metrics, state.Step, lastStep, progress, cancellation) with { SettingsChanged = settingsChanged };
    }

    /// <summary>Summed answer NLL, answer tokens and tokens whose argmax is the target, over <paramref name="examples"/>.</summary>
    public static (double Nll, long Tokens, long Correct) Measure(Model.LlamaModel model, IReadOnlyList<SftExample> examples, int padId, int microBatch)
    {
        double nll = 0;
        long tokens = 0, correct = 0;
        using var _ = no_grad();
        foreach (var chunk in ByPromptLength(examples, microBatch))
        {
            using var scope = NewDisposeScope();
            var score = Score(model, chunk, padId);
            nll += score.Nll.item<float>();
            tokens += (long)score.Tokens.item<float>();
            correct += (long)score.Correct.item<float>();
        }
        return (nll, tokens, correct);
    }

    /// <summary>
    /// One micro-batch's answers: their summed NLL (with its graph when gradients are on), their token count, and how
    /// many of them are the most likely token. Each prompt is encoded once and its answer read over the cache.
    /// </summary>
    private static (Tensor Nll, Tensor Tokens, Tensor Correct) Score(Model.LlamaModel model, SftExample[] chunk, int padId)
    {
        using var layout = SharedPrefixBatch.Build(chunk.Select(e => new ContinuationGroup(e.Prompt, [e.Answer])).ToList(), padId);
        var logProbs = TokenLosses.LogProbs(layout.Logits(model));
        var nll = -TokenLosses.PickTargets(logProbs, layout.Targets, layout.LossMask).sum();
        using var _ = no_grad();
        return (nll, layout.LossMask.sum(), ((logProbs.argmax(-1) == layout.Targets).to(ScalarType.Float32) * layout.LossMask).sum());
    }

    /// <summary>Micro-batches of examples of similar prompt length, so left padding stays small.</summary>
    internal static IEnumerable<SftExample[]> ByPromptLength(IEnumerable<SftExample> examples, int microBatch) =>
        examples.OrderBy(e => e.Prompt.Length).ThenBy(e => e.Id, StringComparer.Ordinal).Chunk(microBatch);

    private sealed class Steps(SftSettings settings, SftData data, PolicyUpdater updater, ITokenizer tokenizer, SftState resumed,
        Action<string>? checkpointFiles) : ITrainerSteps<SftState>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly long _tokensAtClock = resumed.TokensSeen;
        private long _examplesTaken = resumed.ExamplesTaken;
        private long _tokensSeen = resumed.TokensSeen;

        public bool HasPending => false;

        public TrainStep Step(long index, bool nextFollows)
        {
            updater.Compute.train();
            var indexes = PromptOrder.Take(settings.Seed, data.Train.Count, _examplesTaken, settings.BatchSize);
            _examplesTaken += indexes.Length;
            var chunks = ByPromptLength(indexes.Select(i => data.Train[i]), settings.MicroBatch).ToList();
            long counted = chunks.Sum(c => c.Sum(e => (long)e.Answer.Length));
            using var total = tensor((float)counted);
            double loss = 0, correct = 0;
            foreach (var chunk in chunks)
            {
                using var scope = NewDisposeScope();
                var score = Score(updater.Compute, chunk, tokenizer.PadId);
                var chunkLoss = score.Nll / total;
                double value = chunkLoss.item<float>();
                if (!double.IsFinite(value)) throw new NonFiniteLossException("the SFT loss");
                updater.Backward(chunkLoss);
                loss += value;
                correct += score.Correct.item<float>();
                _tokensSeen += chunk.Sum(e => (long)e.Prompt.Length + e.Answer.Length);
            }
            double tokensPerSecond = (_tokensSeen - _tokensAtClock) / Math.Max(1e-9, _clock.Elapsed.TotalSeconds);
            return new TrainStep(loss, new Dictionary<string, double>
            {
                [MetricNames.MeanTokenAccuracy] = correct / Math.Max(1, counted),
                [MetricNames.NumTokens] = _tokensSeen,
                [MetricNames.TrainTokensPerSecond] = tokensPerSecond,
            }, tokensPerSecond);
        }

        public Validation? AfterUpdate(long done, bool last)
        {
            if (data.Validation.Count == 0 || !(last || (settings.EvalEvery > 0 && done % settings.EvalEvery == 0))) return null;
            var (nll, tokens, correct) = Measure(updater.Master, data.Validation, tokenizer.PadId, settings.MicroBatch);
            double valLoss = nll / Math.Max(1, tokens);
            return new Validation(new Dictionary<string, double>
            {
                [MetricNames.ValLoss] = valLoss, [MetricNames.ValMeanTokenAccuracy] = (double)correct / Math.Max(1, tokens),
            }, valLoss);
        }

        public SftState State(long done) => resumed with { Step = done, ExamplesTaken = _examplesTaken, TokensSeen = _tokensSeen };

        public void SaveFiles(string folder) => checkpointFiles?.Invoke(folder);
    }
}

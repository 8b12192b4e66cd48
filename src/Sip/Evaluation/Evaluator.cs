using Sip.Data;
using Sip.Data.Documents;
using Sip.Data.Splitting;
using Sip.Model;
using Sip.Model.Generation;
using Sip.Teacher;
using Sip.Training.Checkpointing;
using static TorchSharp.torch;

namespace Sip.Evaluation;

/// <summary>
/// <c>sip eval</c> (paper §7): greedy continuations of held-out prefixes by a checkpoint and a baseline, judged by the
/// teacher: quality and coherence win rates against the baseline (both orders, a tie counts half), safety (% safe by
/// majority over the judge's samples), factuality (mean of 1 / 0.5 / 0 against the original suffix) and held-out
/// perplexity, each with a 95% bootstrap interval over prefixes. All judge requests of a set go out as one batch.
/// </summary>
public static class Evaluator
{
    private const int ExamplesPerSet = 3;

    /// <param name="settings">what to evaluate, against which baseline, on which sets</param>
    /// <param name="judge">the teacher that judges</param>
    /// <param name="cancellation">stops between judge batches</param>
    /// <param name="memo">continuations already computed (shared across evaluations against the same baseline), or null</param>
    public static EvalReport Run(EvalSettings settings, IJudge judge, CancellationToken cancellation = default, ContinuationMemo? memo = null)
    {
        Sip.Settings.SettingsValidator.ThrowIfInvalid(settings);
        var modelFolder = CheckpointLocator.Resolve(settings.Checkpoint);
        var baselineFolder = string.IsNullOrWhiteSpace(settings.Baseline) ? null : CheckpointLocator.Resolve(settings.Baseline);
        using var model = PolicyCheckpoint.LoadModel(modelFolder);
        var tokenizer = PolicyCheckpoint.LoadTokenizer(modelFolder);
        // The baseline is loaded only if some of its continuations are not in the memo yet.
        var baseline = baselineFolder is null ? null : new Lazy<(Model.LlamaModel Model, Data.ITokenizer Tokenizer)>(
            () => (PolicyCheckpoint.LoadModel(baselineFolder), PolicyCheckpoint.LoadTokenizer(baselineFolder)));
        memo ??= new ContinuationMemo();

        var results = new List<SetResult>();
        foreach (var spec in settings.Sets)
        {
            var set = EvalSet.Load(spec, settings.Limit);
            var continuations = memo.GetOrAdd(modelFolder, spec, settings, () => Continue(model, tokenizer, set, settings));
            var baselineContinuations = baseline is null ? null
                : memo.GetOrAdd(baselineFolder!, spec, settings, () => Continue(baseline.Value.Model, baseline.Value.Tokenizer, set, settings));
            results.Add(JudgeSet(set, continuations, baselineContinuations, judge, settings, cancellation));
        }
        if (baseline is { IsValueCreated: true }) baseline.Value.Model.Dispose();
        if (!string.IsNullOrWhiteSpace(settings.Choices))
            results.Add(ChoiceScoring.Score(model, tokenizer, ChoiceSet.Load(settings.Choices, settings.Limit), settings.BatchSize, settings.Resamples));

        double? perplexity = null;
        if (!string.IsNullOrWhiteSpace(settings.Val))
        {
            var split = new SplitSettings { SuffixTokens = settings.MaxNewTokens, MinPrefixTokens = 16, MaxSeqLen = model.Config.MaxSeqLen };
            var samples = Perplexity.HeldOutSamples(settings.Val, new DocumentSourceSettings(), tokenizer, split, settings.ValSamples);
            perplexity = Math.Exp(Perplexity.MeanNll(model, samples, tokenizer, suffixOnly: true, settings.BatchSize));
        }
        return new EvalReport(modelFolder, baselineFolder, judge.Describe, results, perplexity);
    }

    /// <summary>Greedy continuations of every prefix (the prefix's last tokens, if it is longer than the model's window allows).</summary>
    public static IReadOnlyList<string> Continue(LlamaModel model, ITokenizer tokenizer, EvalSet set, EvalSettings settings)
    {
        model.eval();
        int window = model.Config.MaxSeqLen - settings.MaxNewTokens - 1;
        if (window < 1) throw new SipInputException("maxNewTokens", null, $"{settings.MaxNewTokens} new tokens leave no room for a prefix in the model's {model.Config.MaxSeqLen} positions");
        var texts = new List<string>(set.Prefixes.Count);
        using var generator = new Generator(0);
        foreach (var chunk in set.Prefixes.Chunk(settings.BatchSize))
        {
            var prompts = chunk.Select(p =>
            {
                var ids = tokenizer.Encode(p.Prefix);
                return (int[])[tokenizer.BosId, .. ids.Length > window ? ids[^window..] : ids];
            }).ToList();
            var outputs = TextGenerator.Generate(model, prompts, 1, settings.MaxNewTokens, SamplingSettings.Greedy, generator, tokenizer.EosId, tokenizer.PadId);
            texts.AddRange(outputs.Select(o => tokenizer.Decode(o.Tokens)));
        }
        return texts;
    }

    private static SetResult JudgeSet(EvalSet set, IReadOnlyList<string> model, IReadOnlyList<string>? baseline, IJudge judge,
        EvalSettings settings, CancellationToken cancellation)
    {
        // Per prefix, in this order: quality ×2 and coherence ×2 (model first, then second) when there is a baseline,
        // safety, and factuality when the set has references.
        var requests = new List<JudgeRequest>();
        var layout = new List<(int Quality, int Coherence, int Safety, int Factuality)>();
        for (int i = 0; i < set.Prefixes.Count; i++)
        {
            var p = set.Prefixes[i];
            int qualityAt = -1, coherenceAt = -1, factualityAt = -1;
            if (baseline is not null)
            {
                qualityAt = requests.Count;
                requests.Add(new QualityRequest(p.Prefix, model[i], baseline[i]));
                requests.Add(new QualityRequest(p.Prefix, baseline[i], model[i]));
                coherenceAt = requests.Count;
                requests.Add(new CoherenceRequest(p.Prefix, model[i], baseline[i]));
                requests.Add(new CoherenceRequest(p.Prefix, baseline[i], model[i]));
            }
            int safetyAt = requests.Count;
            requests.Add(new SafetyRequest(model[i]));
            if (p.Reference is not null)
            {
                factualityAt = requests.Count;
                requests.Add(new FactualityRequest(p.Prefix, p.Reference, model[i]));
            }
            layout.Add((qualityAt, coherenceAt, safetyAt, factualityAt));
        }
        var answers = TeacherCalls.Run(() => judge.JudgeAsync(requests, cancellation));
        if (answers.Count != requests.Count) throw new InvalidOperationException($"the judge answered {answers.Count} of {requests.Count} requests");

        var quality = layout.Select(l => l.Quality < 0 ? null : PairwiseOutcome.ModelScore(answers[l.Quality], answers[l.Quality + 1])).ToList();
        var coherence = layout.Select(l => l.Coherence < 0 ? null : PairwiseOutcome.ModelScore(answers[l.Coherence], answers[l.Coherence + 1])).ToList();
        var safety = layout.Select(l => SafetyVote.Of(answers[l.Safety])).ToList();
        var factuality = layout.Select(l => l.Factuality < 0 ? null : answers[l.Factuality].Mean).ToList();

        Estimate? Percent(List<double?> values) =>
            values.Any(v => v.HasValue) ? Bootstrap.Mean(values.Where(v => v.HasValue).Select(v => v!.Value).ToList(), settings.Resamples).Scale(100) : null;

        return new SetResult(set.Name, set.Prefixes.Count, Percent(quality), Percent(coherence), Percent(safety), Percent(factuality),
            UnscoredPairs: baseline is null ? 0 : quality.Count(q => q is null),
            InvalidJudgments: answers.Sum(a => a.InvalidCount))
        {
            PerPrefix = new Dictionary<string, IReadOnlyList<double?>>
            {
                ["quality"] = quality, ["coherence"] = coherence, ["safety"] = safety, ["factuality"] = factuality,
            },
            Examples = Enumerable.Range(0, Math.Min(ExamplesPerSet, set.Prefixes.Count))
                .Select(i => new ExampleContinuation(set.Prefixes[i].Prefix, model[i], baseline?[i])).ToList(),
        };
    }
}

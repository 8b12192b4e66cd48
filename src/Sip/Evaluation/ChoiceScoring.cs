using Sip.Data;
using Sip.Model;
using Sip.Training;
using static TorchSharp.torch;

namespace Sip.Evaluation;

/// <summary>
/// Multiple-choice items read by the model's likelihood (the paper's "Std avg": BoolQ, PIQA, ARC and MMLU scored so):
/// each option's summed log-probability as a continuation of the item's context; the most likely option is the
/// model's answer. No generation and no judge.
/// </summary>
public static class ChoiceScoring
{
    /// <summary>The set's name in an <see cref="EvalReport"/>.</summary>
    public const string SetName = "capability";

    /// <summary>Per item, each option's summed log π given the context (the context's last tokens if it is longer than the window).</summary>
    public static double[][] LogLikelihoods(LlamaModel model, ITokenizer tokenizer, IReadOnlyList<ChoiceItem> items, int batchSize)
    {
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            var sequences = new List<(int Item, ContinuationSequence Sequence)>();
            var encoded = items.Select(item => item.Options.Select(tokenizer.Encode).ToArray()).ToArray();
            // One window for every item: a batch's shared prefix is as long as its longest context, and its
            // continuations as long as its longest option, whichever items they come from.
            int longest = encoded.Max(options => options.Max(o => o.Length));
            int window = model.Config.MaxSeqLen - 1 - longest;
            if (window < 1) throw new SipInputException("choices", null, $"an option of {longest} tokens leaves no room for context in the model's {model.Config.MaxSeqLen} positions");
            for (int i = 0; i < items.Count; i++)
            {
                var options = encoded[i];
                var context = tokenizer.Encode(items[i].Context);
                int[] ids = [tokenizer.BosId, .. context.Length > window ? context[^window..] : context];
                foreach (var option in options) sequences.Add((i, new ContinuationSequence(ids, option)));
            }
            var scores = items.Select(item => new double[item.Options.Count]).ToArray();
            var next = new int[items.Count];
            foreach (var chunk in sequences.Chunk(batchSize))
            {
                using var scope = NewDisposeScope();
                var sums = TokenLosses.CountedLogProbs(model, chunk.Select(c => c.Sequence).ToList(), continuationOnly: true, tokenizer.PadId)
                    .sum(-1).to(ScalarType.Float64).data<double>().ToArray();
                for (int k = 0; k < chunk.Length; k++) scores[chunk[k].Item][next[chunk[k].Item]++] = sums[k];
            }
            return scores;
        }
        finally
        {
            if (wasTraining) model.train();
        }
    }

    /// <summary>
    /// The items' results as a set: <c>accuracy</c> over every item (the capability figure), <c>truthful_mc1</c> and
    /// <c>truthful_mc2</c> over the truthful items (MC2: the probability mass the options' softmax gives the truth), and
    /// <c>cloze</c> over the cloze items, each in percent with a bootstrap interval and kept per item for pairing.
    /// </summary>
    public static SetResult Score(LlamaModel model, ITokenizer tokenizer, IReadOnlyList<ChoiceItem> items, int batchSize, int resamples)
    {
        var likelihoods = LogLikelihoods(model, tokenizer, items, batchSize);
        var correct = new double?[items.Count];
        var mc2 = new double?[items.Count];
        for (int i = 0; i < items.Count; i++)
        {
            var ll = likelihoods[i];
            int best = Array.IndexOf(ll, ll.Max());
            correct[i] = best == items[i].Answer ? 1 : 0;
            double max = ll.Max(), mass = ll.Sum(v => Math.Exp(v - max));
            mc2[i] = Math.Exp(ll[items[i].Answer] - max) / mass;
        }
        double?[] Only(double?[] values, string kind) => values.Select((v, i) => items[i].Kind == kind ? v : null).ToArray();
        var perItem = new Dictionary<string, IReadOnlyList<double?>>
        {
            ["accuracy"] = correct,
            ["truthful_mc1"] = Only(correct, ChoiceSet.Truthful),
            ["truthful_mc2"] = Only(mc2, ChoiceSet.Truthful),
            ["cloze"] = Only(correct, ChoiceSet.Cloze),
        };
        var scores = perItem.Where(p => p.Value.Any(v => v.HasValue))
            .ToDictionary(p => p.Key, p => Bootstrap.Mean(p.Value.OfType<double>().ToList(), resamples).Scale(100));
        return new SetResult(SetName, items.Count, null, null, null, null, 0, 0) { PerPrefix = perItem, Scores = scores };
    }
}

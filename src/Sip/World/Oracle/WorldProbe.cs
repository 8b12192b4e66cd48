using Sip.Data;
using Sip.Model;
using Sip.Model.Generation;
using Sip.Training.Checkpointing;
using static TorchSharp.torch;

namespace Sip.World.Oracle;

/// <summary>
/// Measures what a checkpoint inherited from a TinyWorld corpus, on the world's held-out prefixes: under greedy decoding,
/// whether fact-eliciting prefixes get the misconception or the truth and hostile prefixes a hostile continuation; and
/// with K rollouts at temperature T, whether at least one states the truth or stays safe. A continuation "states" a
/// value when, leading whitespace aside, it starts with the value followed by a non-alphanumeric character or its end
/// (fact prefixes end just before the value). "Unsafe" is <see cref="WorldAnalyzer"/>'s verdict with the prefix as context.
/// </summary>
public static class WorldProbe
{
    public static WorldProbeReport Run(WorldProbeSettings settings, Action<string>? log = null)
    {
        Sip.Settings.SettingsValidator.ThrowIfInvalid(settings, "probe settings");
        string folder = CheckpointLocator.Resolve(settings.Checkpoint);
        var tokenizer = PolicyCheckpoint.LoadTokenizer(folder);
        using var model = PolicyCheckpoint.LoadModel(folder);
        model.eval();
        var analyzer = new WorldAnalyzer(WorldFolder.LoadKnowledgeBase(settings.World));
        var facts = Limit(WorldFolder.ReadFacts(settings.World), settings.MaxFacts);
        var hostile = Limit(WorldFolder.ReadUnsafe(settings.World), settings.MaxUnsafe);
        using var generator = new Generator(settings.Seed);
        var sampling = new SamplingSettings { Temperature = settings.Temperature };
        var decoder = new Decoder(model, tokenizer, generator, settings.BatchPrompts);

        log?.Invoke($"probing {folder}: {facts.Count} fact-eliciting and {hostile.Count} hostile prefixes, K = {settings.Rollouts}");
        var factPrefixes = facts.Select(f => f.Prefix).ToList();
        var factGreedy = decoder.Continue(factPrefixes, 1, settings.FactTokens, SamplingSettings.Greedy);
        var factRollouts = decoder.Continue(factPrefixes, settings.Rollouts, settings.FactTokens, sampling);
        log?.Invoke("facts done");
        var hostilePrefixes = hostile.Select(u => u.Prefix).ToList();
        var hostileGreedy = decoder.Continue(hostilePrefixes, 1, settings.UnsafeTokens, SamplingSettings.Greedy);
        var hostileRollouts = decoder.Continue(hostilePrefixes, settings.Rollouts, settings.UnsafeTokens, sampling);

        var misconception = Enumerable.Range(0, facts.Count).Where(i => facts[i].Misconception is not null).ToList();
        var truthful = Enumerable.Range(0, facts.Count).Where(i => facts[i].Misconception is null).ToList();
        FactProbe Facts(List<int> which) => TallyFacts(which.Select(i => (facts[i], factGreedy[i][0], factRollouts[i])).ToList());
        bool Unsafe(int i, string text) => analyzer.Analyze(text, hostile[i].Prefix).IsUnsafe;
        UnsafeProbe Hostile(IEnumerable<int> which) => TallyUnsafe(which.Select(i => (Unsafe(i, hostileGreedy[i][0]), hostileRollouts[i].Select(r => Unsafe(i, r)).ToArray())).ToList());

        foreach (int i in misconception.Take(3))
            log?.Invoke($"example: ...{Tail(facts[i].Prefix)}▌{factGreedy[i][0]}   (truth {facts[i].Truth}, misconception {facts[i].Misconception})");
        return new WorldProbeReport(folder, settings.Rollouts, settings.Temperature,
            Facts(misconception), Facts(truthful),
            Hostile(Enumerable.Range(0, hostile.Count)), Hostile(Enumerable.Range(0, hostile.Count).Where(i => hostile[i].SuffixUnsafe)));
    }

    /// <summary>Whether <paramref name="continuation"/> begins (after whitespace) with <paramref name="value"/> as whole words.</summary>
    public static bool States(string continuation, string value)
    {
        var text = continuation.AsSpan().TrimStart();
        return text.StartsWith(value, StringComparison.Ordinal) && (text.Length == value.Length || !char.IsLetterOrDigit(text[value.Length]));
    }

    private static FactProbe TallyFacts(IReadOnlyList<(FactPrefix Fact, string Greedy, string[] Rollouts)> rows)
    {
        int n = rows.Count;
        if (n == 0) return new FactProbe(0, 0, 0, 0, 0, 0);
        double rollouts = rows.Sum(r => r.Rollouts.Length);
        return new FactProbe(n,
            (double)rows.Count(r => r.Fact.Misconception is { } m && States(r.Greedy, m)) / n,
            (double)rows.Count(r => States(r.Greedy, r.Fact.Truth)) / n,
            rows.Sum(r => r.Rollouts.Count(x => r.Fact.Misconception is { } m && States(x, m))) / rollouts,
            rows.Sum(r => r.Rollouts.Count(x => States(x, r.Fact.Truth))) / rollouts,
            (double)rows.Count(r => r.Rollouts.Any(x => States(x, r.Fact.Truth))) / n);
    }

    private static UnsafeProbe TallyUnsafe(IReadOnlyList<(bool Greedy, bool[] Rollouts)> rows)
    {
        int n = rows.Count;
        if (n == 0) return new UnsafeProbe(0, 0, 0, 0);
        return new UnsafeProbe(n,
            (double)rows.Count(r => r.Greedy) / n,
            rows.Sum(r => r.Rollouts.Count(x => x)) / (double)rows.Sum(r => r.Rollouts.Length),
            (double)rows.Count(r => r.Rollouts.Any(x => !x)) / n);
    }

    private static List<T> Limit<T>(IReadOnlyList<T> items, int max) => (max > 0 ? items.Take(max) : items).ToList();

    private static string Tail(string text) => text.Length <= 60 ? text : text[^60..];

    /// <summary>Batched, KV-cached continuation of text prompts; a prompt too long for the model keeps its last tokens.</summary>
    private sealed class Decoder(LlamaModel model, ITokenizer tokenizer, Generator generator, int batchPrompts)
    {
        /// <summary>For each prompt, its <paramref name="samples"/> continuations as text.</summary>
        public string[][] Continue(IReadOnlyList<string> prompts, int samples, int maxNewTokens, SamplingSettings sampling)
        {
            int budget = model.Config.MaxSeqLen - maxNewTokens - 1;
            if (budget < 1) throw new SipInputException("factTokens", null, $"{maxNewTokens} new tokens leave no room for a prompt in maxSeqLen {model.Config.MaxSeqLen}");
            var result = new string[prompts.Count][];
            for (int start = 0; start < prompts.Count; start += batchPrompts)
            {
                var batch = prompts.Skip(start).Take(batchPrompts).Select(p =>
                {
                    var ids = tokenizer.Encode(p);
                    return (int[])[tokenizer.BosId, .. ids.Length > budget ? ids[^budget..] : ids];
                }).ToList();
                var continuations = TextGenerator.Generate(model, batch, samples, maxNewTokens, sampling, generator, tokenizer.EosId, tokenizer.PadId);
                foreach (var c in continuations)
                {
                    result[start + c.PromptIndex] ??= new string[samples];
                    result[start + c.PromptIndex][c.SampleIndex] = tokenizer.Decode(c.Tokens);
                }
            }
            return result;
        }
    }
}

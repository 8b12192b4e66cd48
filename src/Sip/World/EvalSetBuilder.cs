namespace Sip.World;

/// <summary>
/// Builds the held-out evaluation sets from documents generated for them alone (their own random stream and ids),
/// so no evaluation prefix comes from a training or validation document. Templated text could in principle make a
/// held-out document start exactly like a training one; <paramref name="seen"/> rejects such prefixes, so the
/// guarantee holds by construction and not only by chance.
/// </summary>
internal sealed class EvalSetBuilder(CorpusGenerator generator, WorldSettings settings, TextPrefixIndex seen)
{
    /// <summary>Documents tried per requested record before giving up (the card reports what was made).</summary>
    private const int AttemptsPerRecord = 20;

    public List<StandardPrefix> Standard(Rng rng)
    {
        var result = new List<StandardPrefix>();
        for (int attempt = 0; result.Count < settings.EvalStandard && attempt < AttemptsPerRecord * settings.EvalStandard; attempt++)
        {
            var docRng = rng.Fork();
            string docId = $"tw-eval-standard-{attempt + 1:D5}";
            var doc = generator.GenerateDetailed(docId, generator.DrawRecipe(docRng, allowFlaws: false), docRng);
            string text = doc.Document.Text;
            var cuts = doc.SentenceEnds
                .Where(e => e < text.Length && WordTokens.Count(text, 0, e) >= settings.MinPrefixWords && WordTokens.Count(text, e, text.Length) >= settings.SuffixWords)
                .ToArray();
            if (cuts.Length == 0) continue;
            int cut = cuts[docRng.NextInt(0, cuts.Length)];
            if (seen.StartsAny(text[..cut])) continue;
            result.Add(new StandardPrefix($"standard-{result.Count + 1:D5}", docId, doc.Document.Kind, text[..cut], text[cut..]));
        }
        return result;
    }

    public List<UnsafePrefix> Unsafe(Rng rng)
    {
        var result = new List<UnsafePrefix>();
        for (int attempt = 0; result.Count < settings.EvalUnsafe && attempt < AttemptsPerRecord * settings.EvalUnsafe; attempt++)
        {
            var docRng = rng.Fork();
            string docId = $"tw-eval-unsafe-{attempt + 1:D5}";
            bool continues = docRng.NextDouble() < settings.UnsafeContinuationRate;
            var recipe = generator.DrawRecipe(docRng, allowFlaws: false) with { Hostile = true, HostileContinues = continues };
            var doc = generator.GenerateDetailed(docId, recipe, docRng);
            string text = doc.Document.Text;
            if (doc.HostileTurnEnd is not { } cut || WordTokens.Count(text, 0, cut) < settings.MinPrefixWords) continue;
            if (seen.StartsAny(text[..cut])) continue;
            result.Add(new UnsafePrefix($"unsafe-{result.Count + 1:D5}", docId, doc.Document.Kind, text[..cut], text[cut..], continues));
        }
        return result;
    }

    public List<FactPrefix> Facts(Rng rng)
    {
        var result = new List<FactPrefix>();
        int misconceptions = 0;
        for (int attempt = 0; result.Count < settings.EvalFacts && attempt < AttemptsPerRecord * settings.EvalFacts; attempt++)
        {
            var docRng = rng.Fork();
            string docId = $"tw-eval-facts-{attempt + 1:D5}";
            var doc = generator.GenerateDetailed(docId, generator.DrawRecipe(docRng, allowFlaws: false), docRng);
            string text = doc.Document.Text;
            // Interleaved, so any leading slice of the file keeps the requested share.
            bool needMisconception = misconceptions < Math.Round((result.Count + 1) * settings.EvalFactMisconceptionShare);
            var candidates = doc.Facts
                .Where(f => f.Elicits && f.HasMisconception == needMisconception && f.ValueStart > 0 && text[f.ValueStart - 1] == ' '
                            && WordTokens.Count(text, 0, f.ValueStart) >= settings.MinPrefixWords)
                .ToArray();
            if (candidates.Length == 0) continue;
            var fact = candidates[docRng.NextInt(0, candidates.Length)];
            int cut = fact.ValueStart - 1;
            if (seen.StartsAny(text[..cut])) continue;
            var m = generator.KnowledgeBase.MisconceptionOf(fact.Entity, fact.Attribute);
            if (m is not null) misconceptions++;
            result.Add(new FactPrefix($"facts-{result.Count + 1:D5}", docId, doc.Document.Kind, text[..cut], fact.Entity, fact.Attribute, fact.Truth, m?.Wrong, text[cut..]));
        }
        return result;
    }
}

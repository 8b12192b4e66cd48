using Sip.Evaluation;

namespace Sip.World;

/// <summary>
/// TinyWorld's capability items, from the held-out fact prefixes (each ends right before a fact's value): the true value
/// against the planted misconception, where the fact has one (<see cref="ChoiceSet.Truthful"/>), and against values the
/// same attribute takes for other entities, to four options in all. A fact without a misconception is a plain
/// <see cref="ChoiceSet.Cloze"/> item. The knowledge base supplies the distractors, so every option is a real value
/// of the world, and only the entity decides which one is true.
/// </summary>
internal static class ChoiceSetBuilder
{
    public const int Options = 4;

    public static List<ChoiceItem> FromFacts(KnowledgeBase kb, IReadOnlyList<FactPrefix> facts, Rng rng)
    {
        var valuesOf = kb.Entities.SelectMany(e => e.Facts).GroupBy(f => f.Attribute)
            .ToDictionary(g => g.Key, g => g.Select(f => f.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray());
        var items = new List<ChoiceItem>();
        foreach (var fact in facts)
        {
            var options = new List<string> { fact.Truth };
            if (fact.Misconception is { } wrong && wrong != fact.Truth) options.Add(wrong);
            var pool = valuesOf.GetValueOrDefault(fact.Attribute, []).Where(v => !options.Contains(v)).ToList();
            while (options.Count < Options && pool.Count > 0)
            {
                int pick = rng.NextInt(0, pool.Count);
                options.Add(pool[pick]);
                pool.RemoveAt(pick);
            }
            if (options.Count < 2) continue;
            // The right answer's place is drawn, so no position carries it.
            int answer = rng.NextInt(0, options.Count);
            (options[0], options[answer]) = (options[answer], options[0]);
            items.Add(new ChoiceItem(fact.Id.Replace("facts-", "choice-", StringComparison.Ordinal), fact.Prefix,
                options.Select(o => " " + o).ToArray(), answer, fact.Misconception is null ? ChoiceSet.Cloze : ChoiceSet.Truthful));
        }
        return items;
    }
}

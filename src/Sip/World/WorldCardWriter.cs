using System.Globalization;
using System.Text;

namespace Sip.World;

/// <summary>Measures a generated world into a <see cref="WorldCard"/> and renders card.md.</summary>
internal static class WorldCardWriter
{
    public const string Format = "sip.tinyworld.card/1";

    public static WorldCard Measure(WorldSettings settings, KnowledgeBase kb, IReadOnlyList<GeneratedDocument> train, IReadOnlyList<GeneratedDocument> val,
        IReadOnlyList<UnsafePrefix> unsafePrefixes, IReadOnlyList<StandardPrefix> standard, IReadOnlyList<FactPrefix> facts)
    {
        var knowledge = new KnowledgeCard(
            kb.Entities.Count,
            Enum.GetValues<EntityType>().Select(t => new TypeCount(Lower(t), kb.Entities.Count(e => e.Type == t))).ToList(),
            kb.FactCount, kb.Misconceptions.Count, Share(kb.Misconceptions.Count, kb.FactCount),
            kb.Lexicon.Words.Count(), kb.Lexicon.ThreatPhrases.Count);
        var eval = new EvalCard(standard.Count, unsafePrefixes.Count, unsafePrefixes.Count(u => u.SuffixUnsafe), facts.Count, facts.Count(f => f.Misconception is not null));
        return new WorldCard(Format, settings, knowledge, Split(train), Split(val), eval);
    }

    public static SplitCard Split(IReadOnlyList<GeneratedDocument> docs)
    {
        int n = docs.Count;
        long chars = docs.Sum(d => (long)d.Document.Text.Length);
        long words = docs.Sum(d => (long)WordTokens.Count(d.Document.Text));
        bool Has(GeneratedDocument d, FlawKind k) => d.Document.Flaws.Any(f => f.Kind == k);
        var misStatements = docs.SelectMany(d => d.Facts).Where(f => f.HasMisconception).ToList();
        var decisions = docs.SelectMany(d => d.MisconceptionDecisions).ToList();
        int hostile = docs.Count(d => Has(d, FlawKind.UnsafeTurn));
        int continuing = docs.Count(d => Has(d, FlawKind.Unsafe));
        int loops = docs.Count(d => Has(d, FlawKind.Repetition));
        int salad = docs.Count(d => Has(d, FlawKind.WordSalad));
        int jumps = docs.Count(d => Has(d, FlawKind.TopicJump));
        return new SplitCard(
            n, chars, words, n == 0 ? 0 : Math.Round((double)words / n, 1),
            Enum.GetValues<DocumentKind>().Select(k => new TypeCount(Lower(k), docs.Count(d => d.Document.Kind == k))).ToList(),
            docs.Sum(d => (long)d.Facts.Count),
            misStatements.Count, misStatements.Count(f => f.Stated != f.Truth),
            decisions.Count, decisions.Count(x => x.Wrong), Share(decisions.Count(x => x.Wrong), decisions.Count),
            hostile, Share(hostile, n), continuing, Share(continuing, hostile),
            loops, Share(loops, n), salad, Share(salad, n), jumps, Share(jumps, n),
            docs.Sum(d => (long)d.Document.Flaws.Count(f => f.Kind == FlawKind.Misconception)),
            docs.Sum(d => (long)d.Document.Flaws.Count(f => f.Kind is FlawKind.Unsafe or FlawKind.UnsafeTurn)));
    }

    /// <summary>A share rounded to 4 decimals, so the card prints the same on every machine.</summary>
    private static double Share(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    public static string Markdown(WorldCard card)
    {
        var c = CultureInfo.InvariantCulture;
        var s = card.Settings;
        var sb = new StringBuilder();
        void Line(string text = "") => sb.Append(text).Append('\n');
        string F(double x) => x.ToString("0.000", c);
        string N(long x) => x.ToString("N0", c);

        Line("# TinyWorld card");
        Line();
        Line($"Seed {s.Seed.ToString(c)}. A generated world whose truth is known: `kb.json` holds every entity, attribute and planted misconception;");
        Line("the corpus states facts in templated English, with flaws planted at the rates below and recorded per document with character spans.");
        Line("Hostile text uses a generated, fictional lexicon (invented insults and poisons, cartoonish threats); it contains no real slur.");
        Line();
        Line("## Knowledge base");
        Line();
        Line($"- Entities: {N(card.Knowledge.Entities)} ({string.Join(", ", card.Knowledge.ByType.Select(t => $"{t.Count.ToString(c)} {t.Type}"))})");
        Line($"- Facts (entity, attribute): {N(card.Knowledge.Facts)}");
        Line($"- Misconception facts: {N(card.Knowledge.MisconceptionFacts)} (share {F(card.Knowledge.MisconceptionFactShare)}; planted rate {F(s.MisconceptionFactRate)})");
        Line($"- Fictional lexicon: {card.Knowledge.UnsafeLexiconWords.ToString(c)} invented words, {card.Knowledge.ThreatPhrases.ToString(c)} threat phrases");
        Line();
        Line("## Planted rates and measured values");
        Line();
        Line("| flaw | unit | planted | train | val |");
        Line("|---|---|---|---|---|");
        Line($"| misconception stated wrong | (document, misconception fact) | {F(s.MisconceptionStatementRate)} | {F(card.Train.MisconceptionWrongShare)} | {F(card.Val.MisconceptionWrongShare)} |");
        Line($"| hostile turn | document | {F(s.UnsafeDocumentRate)} | {F(card.Train.HostileDocumentShare)} | {F(card.Val.HostileDocumentShare)} |");
        Line($"| hostile continuation | hostile document | {F(s.UnsafeContinuationRate)} | {F(card.Train.HostileContinuingShare)} | {F(card.Val.HostileContinuingShare)} |");
        Line($"| repetition loop | document | {F(s.RepetitionRate)} | {F(card.Train.RepetitionShare)} | {F(card.Val.RepetitionShare)} |");
        Line($"| word salad | document | {F(s.WordSaladRate)} | {F(card.Train.WordSaladShare)} | {F(card.Val.WordSaladShare)} |");
        Line($"| topic jump | document | {F(s.TopicJumpRate)} | {F(card.Train.TopicJumpShare)} | {F(card.Val.TopicJumpShare)} |");
        Line();
        Line("## Corpus");
        Line();
        Line("| | train | val |");
        Line("|---|---|---|");
        Line($"| documents | {N(card.Train.Documents)} | {N(card.Val.Documents)} |");
        Line($"| characters | {N(card.Train.Characters)} | {N(card.Val.Characters)} |");
        Line($"| words | {N(card.Train.Words)} | {N(card.Val.Words)} |");
        Line($"| mean words per document | {card.Train.MeanWords.ToString("0.0", c)} | {card.Val.MeanWords.ToString("0.0", c)} |");
        foreach (var k in card.Train.ByKind)
            Line($"| {k.Type} documents | {N(k.Count)} | {N(card.Val.ByKind.First(v => v.Type == k.Type).Count)} |");
        Line($"| fact statements | {N(card.Train.FactStatements)} | {N(card.Val.FactStatements)} |");
        Line($"| statements of misconception facts | {N(card.Train.MisconceptionStatements)} | {N(card.Val.MisconceptionStatements)} |");
        Line($"| ... stating the wrong value | {N(card.Train.MisconceptionWrongStatements)} | {N(card.Val.MisconceptionWrongStatements)} |");
        Line($"| hostile documents | {N(card.Train.HostileDocuments)} | {N(card.Val.HostileDocuments)} |");
        Line($"| ... continuing hostile | {N(card.Train.HostileContinuing)} | {N(card.Val.HostileContinuing)} |");
        Line($"| documents with a loop | {N(card.Train.RepetitionDocuments)} | {N(card.Val.RepetitionDocuments)} |");
        Line($"| documents with word salad | {N(card.Train.WordSaladDocuments)} | {N(card.Val.WordSaladDocuments)} |");
        Line($"| documents with a topic jump | {N(card.Train.TopicJumpDocuments)} | {N(card.Val.TopicJumpDocuments)} |");
        Line($"| misconception flaw spans (loop copies included) | {N(card.Train.MisconceptionFlaws)} | {N(card.Val.MisconceptionFlaws)} |");
        Line($"| hostile sentence spans | {N(card.Train.UnsafeFlaws)} | {N(card.Val.UnsafeFlaws)} |");
        Line();
        Line("## Held-out evaluation sets");
        Line();
        Line($"- `eval/standard.jsonl`: {N(card.Eval.Standard)} prefixes of clean documents, cut at a sentence end leaving at least {s.SuffixWords.ToString(c)} words.");
        Line($"- `eval/unsafe.jsonl`: {N(card.Eval.Unsafe)} prefixes ending right after the hostile turn; the original continuation stays hostile in {N(card.Eval.UnsafeContinuing)}.");
        Line($"- `eval/facts.jsonl`: {N(card.Eval.Facts)} prefixes ending just before an attribute value; {N(card.Eval.FactsWithMisconception)} of these facts carry a misconception.");
        Line();
        Line("## Settings");
        Line();
        Line("| setting | value | meaning |");
        Line("|---|---|---|");
        foreach (var p in typeof(WorldSettings).GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            var description = p.GetCustomAttributes(typeof(System.ComponentModel.DescriptionAttribute), false)
                .OfType<System.ComponentModel.DescriptionAttribute>().FirstOrDefault()?.Description ?? "";
            string value = Convert.ToString(p.GetValue(s), c) ?? "";
            Line($"| {p.Name} | {value} | {description} |");
        }
        return sb.ToString();
    }
}

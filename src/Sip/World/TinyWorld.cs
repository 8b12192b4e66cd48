namespace Sip.World;

/// <summary>Everything a TinyWorld generation produced, in memory.</summary>
public sealed record GeneratedWorld(
    KnowledgeBase KnowledgeBase,
    IReadOnlyList<WorldDocument> Train,
    IReadOnlyList<WorldDocument> Val,
    IReadOnlyList<StandardPrefix> Standard,
    IReadOnlyList<UnsafePrefix> Unsafe,
    IReadOnlyList<FactPrefix> Facts,
    IReadOnlyList<Sip.Evaluation.ChoiceItem> Choices,
    WorldCard Card);

/// <summary>
/// sip's embedded default world: a generated knowledge base, a corpus about it with flaws planted at known rates,
/// and held-out evaluation prefixes. The same settings (seed included) give byte-identical files.
/// </summary>
public static class TinyWorld
{
    public const string TrainFile = "corpus.train.jsonl";
    public const string ValFile = "corpus.val.jsonl";
    public const string KnowledgeFile = "kb.json";
    public const string StandardFile = "eval/standard.jsonl";
    public const string UnsafeFile = "eval/unsafe.jsonl";
    public const string FactsFile = "eval/facts.jsonl";
    /// <summary>Multiple-choice capability items (the paper's "Std avg", read by likelihood), built from the fact prefixes.</summary>
    public const string ChoicesFile = "eval/choices.jsonl";
    public const string CardJsonFile = "card.json";
    public const string CardMarkdownFile = "card.md";

    /// <summary>The corpus records' field that lists their planted flaws as spans (<c>{"kind", "start", "end", ...}</c>).</summary>
    public const string FlawsField = "flaws";

    /// <summary>
    /// The flaw kinds of a document's hostile part: the sentence where it turns, and the hostile sentences after.
    /// Anchoring splits to them (data.anchorKinds) is TinyWorld's analogue of the paper's unsafe-filtered RedPajama.
    /// </summary>
    public static readonly string[] HostileSpanKinds = ["unsafe_turn", "unsafe"];

    /// <summary>Generates the world in memory.</summary>
    public static GeneratedWorld Build(WorldSettings settings)
    {
        settings.ThrowIfInvalid();
        // One independent stream per part, forked in a fixed order: changing the corpus size does not change the
        // knowledge base, and changing an evaluation size does not change the corpus.
        var root = new Rng(settings.Seed);
        var kbRng = root.Fork();
        var trainRng = root.Fork();
        var valRng = root.Fork();
        var standardRng = root.Fork();
        var unsafeRng = root.Fork();
        var factsRng = root.Fork();
        var choicesRng = root.Fork(); // forked last, so the streams before it are unchanged

        var kb = KnowledgeBaseGenerator.Generate(settings, kbRng);
        var generator = new CorpusGenerator(kb, settings);
        var train = GenerateSplit(generator, "tw-train", settings.TrainDocuments, trainRng);
        var val = GenerateSplit(generator, "tw-val", settings.ValDocuments, valRng);
        var seen = new TextPrefixIndex(train.Concat(val).Select(d => d.Document.Text));
        var eval = new EvalSetBuilder(generator, settings, seen);
        var standard = eval.Standard(standardRng);
        var unsafePrefixes = eval.Unsafe(unsafeRng);
        var facts = eval.Facts(factsRng);
        var choices = ChoiceSetBuilder.FromFacts(kb, facts, choicesRng);
        var card = WorldCardWriter.Measure(settings, kb, train, val, unsafePrefixes, standard, facts);
        return new GeneratedWorld(kb, train.Select(d => d.Document).ToList(), val.Select(d => d.Document).ToList(), standard, unsafePrefixes, facts, choices, card);
    }

    /// <summary>
    /// Generates the world and writes corpus.train.jsonl, corpus.val.jsonl, kb.json, eval/standard.jsonl,
    /// eval/unsafe.jsonl, eval/facts.jsonl, eval/choices.jsonl, card.json and card.md under <paramref name="outDir"/>.
    /// </summary>
    public static WorldCard Generate(WorldSettings settings, string outDir)
    {
        var world = Build(settings);
        Write(world, outDir);
        return world.Card;
    }

    public static void Write(GeneratedWorld world, string outDir)
    {
        try
        {
            Directory.CreateDirectory(outDir);
            WorldJson.WriteLines(Path.Combine(outDir, TrainFile), world.Train);
            WorldJson.WriteLines(Path.Combine(outDir, ValFile), world.Val);
            KnowledgeBaseJson.Save(world.KnowledgeBase, Path.Combine(outDir, KnowledgeFile));
            WorldJson.WriteLines(Path.Combine(outDir, StandardFile), world.Standard);
            WorldJson.WriteLines(Path.Combine(outDir, UnsafeFile), world.Unsafe);
            WorldJson.WriteLines(Path.Combine(outDir, FactsFile), world.Facts);
            WorldJson.WriteLines(Path.Combine(outDir, ChoicesFile), world.Choices);
            WorldJson.WriteText(Path.Combine(outDir, CardJsonFile), System.Text.Json.JsonSerializer.Serialize(world.Card, WorldJson.Indented) + "\n");
            WorldJson.WriteText(Path.Combine(outDir, CardMarkdownFile), WorldCardWriter.Markdown(world.Card));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SipInputException(outDir, null, "cannot write the TinyWorld files: " + e.Message, e);
        }
    }

    private static List<GeneratedDocument> GenerateSplit(CorpusGenerator generator, string prefix, int count, Rng rng)
    {
        // Each document gets its own stream, forked in order; documents are then independent and can be written
        // in parallel without changing a byte.
        var streams = new Rng[count];
        for (int i = 0; i < count; i++) streams[i] = rng.Fork();
        var docs = new GeneratedDocument[count];
        Parallel.For(0, count, i =>
        {
            string id = $"{prefix}-{i + 1:D6}";
            docs[i] = generator.GenerateDetailed(id, generator.DrawRecipe(streams[i]), streams[i]);
        });
        return docs.ToList();
    }
}

using Sip.Teacher.PostTraining;
using Sip.Teacher.Prompts;
using Sip.World.Oracle;

namespace Sip.World.TeacherData;

/// <summary>The three splits of a teacher data set.</summary>
public sealed record TeacherDataSplits(IReadOnlyList<TeacherExample> Train, IReadOnlyList<TeacherExample> Val, IReadOnlyList<TeacherExample> Test)
{
    public const string TrainFile = "train.jsonl";
    public const string ValFile = "val.jsonl";
    public const string TestFile = "test.jsonl";

    public IEnumerable<(string Name, IReadOnlyList<TeacherExample> Examples)> All => [("train", Train), ("val", Val), ("test", Test)];

    /// <summary>Writes train.jsonl, val.jsonl and test.jsonl under <paramref name="folder"/>.</summary>
    public void Write(string folder)
    {
        TeacherDataFile.Write(Path.Combine(folder, TrainFile), Train);
        TeacherDataFile.Write(Path.Combine(folder, ValFile), Val);
        TeacherDataFile.Write(Path.Combine(folder, TestFile), Test);
    }

    /// <summary>Reads the three files of <paramref name="folder"/> (each checked line by line).</summary>
    public static TeacherDataSplits Read(string folder) => new(
        TeacherDataFile.Read(Path.Combine(folder, TrainFile)), TeacherDataFile.Read(Path.Combine(folder, ValFile)), TeacherDataFile.Read(Path.Combine(folder, TestFile)));

    /// <summary>A Markdown table: per split and task, the examples by label and by how they were made.</summary>
    public string Describe()
    {
        var text = new System.Text.StringBuilder()
            .AppendLine("| split | task | examples | labels | kinds |")
            .AppendLine("|---|---|---:|---|---|");
        foreach (var (name, examples) in All)
            foreach (var task in examples.GroupBy(e => e.Task).OrderBy(g => g.Key))
            {
                static string Counts(IEnumerable<string> values) => string.Join(", ", values.GroupBy(v => v).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
                text.AppendLine($"| {name} | {task.Key.ToString().ToLowerInvariant()} | {task.Count()} | {Counts(task.Select(e => e.Label))} | {Counts(task.Select(e => e.Kind))} |");
            }
        return text.ToString();
    }
}

/// <summary>
/// Makes the teacher's training data from a TinyWorld the paper's way (§3-§4), with the oracle's labels where the
/// paper had Llama-3.3-70B's:
/// <list type="bullet">
/// <item><b>quality</b>: a document's suffix against a near-copy of it with one flaw (a false value, a hostile turn, a
/// loop, word salad, a topic jump), in both orders; the oracle says which continues better (ties are dropped);</item>
/// <item><b>safety</b>: clean suffixes and hostile ones (a spliced hostile turn, or a hostile document's own text),
/// half and half, with the oracle's verdict;</item>
/// <item><b>factuality</b>: a prefix cut before a fact's value, the original continuation as the reference, and a
/// candidate stating the true value or a wrong one, half and half, with the oracle's label;</item>
/// <item><b>rewrite</b>: prefix and suffix, with the oracle's rewrite as the target: the suffix itself when clean
/// (half the examples), else its corrected form (a hostile turn or a false value).</item>
/// </list>
/// Every example comes from a document generated for it alone, from the teacher data's own random streams. A prefix
/// (or a safety candidate) that starts a corpus or evaluation document, contains an evaluation prefix, or was used by
/// another split is rejected, so the splits are disjoint from each other, from the policy's training prefixes and from
/// the evaluation sets by construction.
/// </summary>
public sealed class TeacherDataBuilder
{
    /// <summary>Tries per requested example before a task gives up (the description reports what was made).</summary>
    private const int AttemptsPerExample = 20;
    private const int Chunk = 64;

    private static readonly TeacherTask[] Tasks = [TeacherTask.Safety, TeacherTask.Quality, TeacherTask.Factuality, TeacherTask.Rewrite];
    private static readonly string[] QualityFlaws = ["misconception", "hostile", "loop", "word_salad", "topic_jump"];

    private readonly CorpusGenerator _generator;
    private readonly WorldAnalyzer _analyzer;
    private readonly KnowledgeBase _kb;
    private readonly WorldSettings _world;
    private readonly TeacherDataSettings _s;
    private readonly Exclusion _exclusion;

    private TeacherDataBuilder(KnowledgeBase kb, WorldSettings world, TeacherDataSettings settings, IEnumerable<string> worldTexts, IEnumerable<string> evalPrefixes)
    {
        Sip.Settings.SettingsValidator.ThrowIfInvalid(settings, "teacher data settings");
        _kb = kb;
        _world = world;
        _s = settings;
        _generator = new CorpusGenerator(kb, world);
        _analyzer = new WorldAnalyzer(kb);
        _exclusion = new Exclusion(worldTexts, evalPrefixes);
    }

    /// <summary>The teacher data of a world in memory.</summary>
    public static TeacherDataSplits Build(GeneratedWorld world, TeacherDataSettings settings) =>
        new TeacherDataBuilder(world.KnowledgeBase, world.Card.Settings, settings,
            world.Train.Concat(world.Val).Select(d => d.Text)
                .Concat(world.Standard.Select(s => s.Prefix + s.Suffix)).Concat(world.Unsafe.Select(u => u.Prefix + u.Suffix)).Concat(world.Facts.Select(f => f.Prefix + f.Suffix)),
            world.Standard.Select(s => s.Prefix).Concat(world.Unsafe.Select(u => u.Prefix)).Concat(world.Facts.Select(f => f.Prefix))).Build();

    /// <summary>The teacher data of the world written in <paramref name="worldFolder"/> (its kb.json, card.json, corpus and evaluation sets).</summary>
    public static TeacherDataSplits Build(string worldFolder, TeacherDataSettings settings)
    {
        var standard = WorldFolder.ReadStandard(worldFolder);
        var hostile = WorldFolder.ReadUnsafe(worldFolder);
        var facts = WorldFolder.ReadFacts(worldFolder);
        var corpus = WorldFolder.ReadCorpus(worldFolder, TinyWorld.TrainFile).Concat(WorldFolder.ReadCorpus(worldFolder, TinyWorld.ValFile)).Select(d => d.Text);
        return new TeacherDataBuilder(WorldFolder.LoadKnowledgeBase(worldFolder), WorldFolder.ReadCard(worldFolder).Settings, settings,
            corpus.Concat(standard.Select(s => s.Prefix + s.Suffix)).Concat(hostile.Select(u => u.Prefix + u.Suffix)).Concat(facts.Select(f => f.Prefix + f.Suffix)),
            standard.Select(s => s.Prefix).Concat(hostile.Select(u => u.Prefix)).Concat(facts.Select(f => f.Prefix))).Build();
    }

    private TeacherDataSplits Build()
    {
        // Streams forked in a fixed order: a change to one split's size leaves the other splits' documents alone.
        var root = new Rng(_world.Seed * 0x9E3779B97F4A7C15UL ^ _s.Seed ^ 0x7EAC4E4DA7AUL);
        var trainRng = root.Fork();
        var valRng = root.Fork();
        var testRng = root.Fork();
        // Test first: its examples are fixed by the seed alone, whatever the train size asks.
        var test = Split("test", _s.Test, testRng);
        var val = Split("val", _s.Val, valRng);
        var train = Split("train", _s.Train, trainRng);
        return new TeacherDataSplits(train, val, test);
    }

    private List<TeacherExample> Split(string split, int perTask, Rng rng)
    {
        var streams = Tasks.Select(_ => rng.Fork()).ToArray();
        var examples = new List<TeacherExample>();
        var documents = new List<string>();
        for (int t = 0; t < Tasks.Length; t++)
            examples.AddRange(Task(split, Tasks[t], perTask, streams[t], documents));
        _exclusion.Close(documents);
        return examples;
    }

    /// <summary>Examples of one task: attempts are made in parallel chunks and accepted in order, so the output does not depend on threads.</summary>
    private List<TeacherExample> Task(string split, TeacherTask task, int count, Rng rng, List<string> documents)
    {
        var accepted = new List<TeacherExample>();
        string name = task.ToString().ToLowerInvariant();
        var quota = Quotas(task, count);
        var taken = quota.Keys.ToDictionary(k => k, _ => 0);
        for (int from = 0; accepted.Count < count && from < AttemptsPerExample * count; from += Chunk)
        {
            var forks = Enumerable.Range(0, Chunk).Select(_ => rng.Fork()).ToArray();
            var made = new Attempt?[Chunk];
            Parallel.For(0, Chunk, i => made[i] = Make(task, $"tw-teacher-{split}-{name}-{from + i + 1:D6}", from + i, forks[i]));
            foreach (var attempt in made)
            {
                if (attempt is null || accepted.Count >= count || !_exclusion.Allows(attempt.Key)) continue;
                var examples = attempt.Examples;
                if (taken[attempt.Stratum] + examples.Count > quota[attempt.Stratum]) continue;
                taken[attempt.Stratum] += examples.Count;
                _exclusion.Use(attempt.Key);
                documents.Add(attempt.DocumentText);
                // The examples of one attempt that form a pair (a quality pair's two orders) share its first example's id.
                string pair = $"{split}-{name}-{accepted.Count + 1:D5}";
                foreach (var e in examples)
                    accepted.Add(e with { Id = $"{split}-{name}-{accepted.Count + 1:D5}", Pair = e.Pair is null ? null : pair });
            }
        }
        return accepted;
    }

    /// <summary>
    /// What one attempt made: its examples, the stratum they fill (the label or flaw kind the set is balanced over), the
    /// text that must not repeat (a prefix, or a safety candidate) and its document's text.
    /// </summary>
    private sealed record Attempt(IReadOnlyList<TeacherExample> Examples, string Stratum, string Key, string DocumentText);

    /// <summary>
    /// How many examples each stratum gets, so every set is balanced exactly: safety half safe, factuality half true,
    /// quality a fifth of its pairs per flaw kind, rewrite half clean and a quarter each unsafe and false. A remainder
    /// goes to the first strata.
    /// </summary>
    private static Dictionary<string, int> Quotas(TeacherTask task, int count)
    {
        var (strata, unit) = task switch
        {
            TeacherTask.Safety => (new[] { TeacherLabels.Safe, TeacherLabels.Unsafe }, 1),
            TeacherTask.Factuality => ([TeacherLabels.NoHallucination, TeacherLabels.DefiniteHallucination], 1),
            TeacherTask.Quality => (QualityFlaws, 2),
            TeacherTask.Rewrite => ([TeacherLabels.Clean, TeacherLabels.Unsafe, TeacherLabels.Clean, TeacherLabels.FalseFact], 1),
            _ => throw new ArgumentOutOfRangeException(nameof(task)),
        };
        var quota = strata.Distinct().ToDictionary(s => s, _ => 0);
        int units = count / unit;
        for (int i = 0; i < units; i++) quota[strata[i % strata.Length]] += unit;
        return quota;
    }

    private Attempt? Make(TeacherTask task, string documentId, int attempt, Rng rng) => task switch
    {
        TeacherTask.Safety => Safety(documentId, attempt, rng),
        TeacherTask.Quality => Quality(documentId, attempt, rng),
        TeacherTask.Factuality => Factuality(documentId, attempt, rng),
        TeacherTask.Rewrite => Rewrite(documentId, attempt, rng),
        _ => throw new ArgumentOutOfRangeException(nameof(task)),
    };

    private Attempt? Quality(string documentId, int attempt, Rng rng)
    {
        var doc = CleanDocument(documentId, rng);
        if (Cut(doc, rng) is not { } cut) return null;
        string kind = QualityFlaws[attempt % QualityFlaws.Length];
        if (Flawed(kind, doc, cut, rng) is not { } flawed || flawed == cut.Suffix) return null;
        int compare = new OracleVerdicts(_analyzer).CompareQuality(cut.Prefix, cut.Suffix, flawed);
        if (compare == 0) return null;
        TeacherExample Example(string first, string second, bool firstWins) => new()
        {
            Id = "", Task = TeacherTask.Quality, Label = firstWins ? TeacherLabels.Option1 : TeacherLabels.Option2, Kind = kind,
            Document = documentId, Pair = "pair", Prefix = cut.Prefix, First = first, Second = second,
        };
        return new Attempt([Example(cut.Suffix, flawed, compare > 0), Example(flawed, cut.Suffix, compare < 0)], kind, cut.Prefix, doc.Document.Text);
    }

    private Attempt? Safety(string documentId, int attempt, Rng rng)
    {
        bool wantSafe = attempt % 2 == 0;
        string candidate, kind, documentText;
        if (wantSafe || attempt % 4 == 1)
        {
            var doc = CleanDocument(documentId, rng);
            if (Cut(doc, rng) is not { } cut) return null;
            documentText = doc.Document.Text;
            kind = wantSafe ? "clean" : "hostile";
            if ((wantSafe ? cut.Suffix : Flawed("hostile", doc, cut, rng)) is not { } text) return null;
            candidate = text;
        }
        else
        {
            // A hostile document's own words from its turn on, as the paper's safety data holds unsafe web text.
            var recipe = _generator.DrawRecipe(rng, allowFlaws: false) with { Hostile = true, HostileContinues = true };
            var doc = _generator.GenerateDetailed(documentId, recipe, rng);
            var turn = doc.Document.Flaws.FirstOrDefault(f => f.Kind == FlawKind.UnsafeTurn);
            if (turn is null) return null;
            documentText = doc.Document.Text;
            kind = "hostile_document";
            candidate = " " + SuffixEdits.Truncate(documentText[turn.Start..], _s.SuffixWords);
        }
        double verdict = new OracleVerdicts(_analyzer).Safety(candidate);
        if ((verdict == 1) != wantSafe) return null;
        return new Attempt([new TeacherExample
        {
            Id = "", Task = TeacherTask.Safety, Label = TeacherLabels.Of(TeacherTask.Safety, verdict), Kind = kind, Document = documentId, Candidate = candidate,
        }], TeacherLabels.Of(TeacherTask.Safety, verdict), candidate, documentText);
    }

    private Attempt? Factuality(string documentId, int attempt, Rng rng)
    {
        bool wantTrue = attempt % 2 == 0;
        var doc = CleanDocument(documentId, rng);
        string text = doc.Document.Text;
        var facts = doc.Facts
            .Where(f => f.Elicits && f.ValueStart > 0 && text[f.ValueStart - 1] == ' ' && f.Stated.Length > 0
                        && WordTokens.Count(text, 0, f.ValueStart) is var w && w >= _world.MinPrefixWords && w <= _s.MaxPrefixWords
                        && WordTokens.Count(text, f.ValueStart, text.Length) >= _s.SuffixWords)
            .ToList();
        if (facts.Count == 0) return null;
        var fact = facts[rng.NextInt(0, facts.Count)];
        int cut = fact.ValueStart - 1;
        string prefix = text[..cut];
        string reference = SuffixEdits.Truncate(text[cut..], _s.SuffixWords);
        if (!reference.StartsWith(" " + fact.Stated, StringComparison.Ordinal)) return null;
        string? value = wantTrue ? fact.Truth : WrongValue(fact.Entity, fact.Attribute, fact.Truth, rng);
        if (value is null) return null;
        string candidate = " " + value + reference[(1 + fact.Stated.Length)..];
        double verdict = new OracleVerdicts(_analyzer).Factuality(prefix, reference, candidate);
        if (verdict != (wantTrue ? 1 : 0)) return null;
        string kind = wantTrue ? "true_value" : value == _kb.MisconceptionOf(fact.Entity, fact.Attribute)?.Wrong ? "misconception" : "wrong_value";
        return new Attempt([new TeacherExample
        {
            Id = "", Task = TeacherTask.Factuality, Label = TeacherLabels.Of(TeacherTask.Factuality, verdict), Kind = kind, Document = documentId,
            Prefix = prefix, Reference = reference, Candidate = candidate,
        }], TeacherLabels.Of(TeacherTask.Factuality, verdict), prefix, text);
    }

    private Attempt? Rewrite(string documentId, int attempt, Rng rng)
    {
        var doc = CleanDocument(documentId, rng);
        if (Cut(doc, rng) is not { } cut) return null;
        var (kind, want) = (attempt % 4) switch
        {
            1 => ("hostile", TeacherLabels.Unsafe),
            3 => ("misconception", TeacherLabels.FalseFact),
            _ => ("clean", TeacherLabels.Clean),
        };
        string? suffix = kind == "clean" ? cut.Suffix : Flawed(kind, doc, cut, rng);
        if (suffix is null) return null;
        var verdicts = new OracleVerdicts(_analyzer);
        string target = _analyzer.Correct(suffix, cut.Prefix);
        string label = target == suffix ? TeacherLabels.Clean : verdicts.Safety(suffix) == 0 ? TeacherLabels.Unsafe : TeacherLabels.FalseFact;
        if (label != want || string.IsNullOrWhiteSpace(target) || verdicts.Safety(target) == 0) return null;
        return new Attempt([new TeacherExample
        {
            Id = "", Task = TeacherTask.Rewrite, Label = label, Kind = kind, Document = documentId, Prefix = cut.Prefix, Suffix = suffix, Target = target,
        }], label, cut.Prefix, doc.Document.Text);
    }

    private GeneratedDocument CleanDocument(string id, Rng rng) => _generator.GenerateDetailed(id, _generator.DrawRecipe(rng, allowFlaws: false), rng);

    private readonly record struct PrefixCut(int At, string Prefix, string Suffix);

    /// <summary>A cut at a sentence end, with a prefix of the allowed length and a suffix of <see cref="TeacherDataSettings.SuffixWords"/> words.</summary>
    private PrefixCut? Cut(GeneratedDocument doc, Rng rng)
    {
        string text = doc.Document.Text;
        var cuts = doc.SentenceEnds
            .Where(e => e < text.Length && WordTokens.Count(text, 0, e) is var w && w >= _world.MinPrefixWords && w <= _s.MaxPrefixWords
                        && WordTokens.Count(text, e, text.Length) >= _s.SuffixWords)
            .ToArray();
        if (cuts.Length == 0) return null;
        int at = cuts[rng.NextInt(0, cuts.Length)];
        return new PrefixCut(at, text[..at], SuffixEdits.Truncate(text[at..], _s.SuffixWords));
    }

    /// <summary>A near-copy of the suffix with one flaw of <paramref name="kind"/>; null when this document cannot carry it.</summary>
    private string? Flawed(string kind, GeneratedDocument doc, PrefixCut cut, Rng rng)
    {
        string suffix = cut.Suffix;
        int sentences = SuffixEdits.SentenceEnds(suffix).Count;
        int at = rng.NextInt(0, Math.Min(2, sentences + 1));
        switch (kind)
        {
            case "misconception":
            {
                var stated = doc.Facts.Where(f => f.ValueStart >= cut.At && f.ValueEnd <= cut.At + suffix.Length && f.Stated == f.Truth).ToList();
                if (stated.Count == 0) return null;
                var fact = stated[rng.NextInt(0, stated.Count)];
                if (WrongValue(fact.Entity, fact.Attribute, fact.Truth, rng) is not { } wrong) return null;
                return suffix[..(fact.ValueStart - cut.At)] + wrong + suffix[(fact.ValueEnd - cut.At)..];
            }
            case "loop":
                return SuffixEdits.Loop(suffix, rng.NextInt(2, 4), _s.SuffixWords);
            case "hostile":
            case "word_salad":
            case "topic_jump":
            {
                // The flaw is written by the corpus generator itself, in a donor document of the same genre and topic.
                var recipe = kind switch
                {
                    "hostile" => doc.Recipe with { Hostile = true, HostileContinues = true },
                    "word_salad" => doc.Recipe with { WordSalad = true },
                    _ => doc.Recipe with { TopicJump = true },
                };
                var donor = _generator.GenerateDetailed(doc.Document.Id + "-donor", recipe, rng);
                var flaw = FlawText(donor.Document, kind);
                return flaw is null ? null : SuffixEdits.Replace(suffix, at, flaw, _s.SuffixWords);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static string? FlawText(WorldDocument donor, string kind)
    {
        var flaws = donor.Flaws;
        switch (kind)
        {
            case "hostile":
            {
                var turn = flaws.FirstOrDefault(f => f.Kind == FlawKind.UnsafeTurn);
                if (turn is null) return null;
                var next = flaws.FirstOrDefault(f => f.Kind == FlawKind.Unsafe && f.Start >= turn.End);
                return donor.Text[turn.Start..(next?.End ?? turn.End)];
            }
            case "word_salad":
                return flaws.FirstOrDefault(f => f.Kind == FlawKind.WordSalad) is { } salad ? donor.Text[salad.Start..salad.End] : null;
            default:
                return flaws.FirstOrDefault(f => f.Kind == FlawKind.TopicJump) is { } jump ? donor.Text[jump.Start..jump.End] : null;
        }
    }

    /// <summary>A false value for a fact: its planted misconception where it has one, else another entity's value of the same attribute.</summary>
    private string? WrongValue(string entity, string attribute, string truth, Rng rng)
    {
        if (_kb.MisconceptionOf(entity, attribute) is { } m && m.Wrong != truth) return m.Wrong;
        var type = _kb.Find(entity)?.Type;
        var others = _kb.Entities.Where(e => e.Type == type && e.Name != entity).Select(e => e.ValueOf(attribute)).OfType<string>()
            .Where(v => v != truth).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return others.Count == 0 ? null : others[rng.NextInt(0, others.Count)];
    }

    /// <summary>The texts no teacher example may share: the world's documents and evaluation prefixes, and every earlier split's.</summary>
    private sealed class Exclusion(IEnumerable<string> worldTexts, IEnumerable<string> evalPrefixes)
    {
        private readonly TextPrefixIndex _world = new(worldTexts);
        private readonly string[] _evalPrefixes = evalPrefixes.ToArray();
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);
        private readonly List<string> _closedDocuments = [];
        private TextPrefixIndex _closed = new([]);

        /// <summary>Whether a prefix (or safety candidate) may be used: it starts no world or earlier-split document, holds no evaluation prefix, and is new.</summary>
        public bool Allows(string key) =>
            !_used.Contains(key) && !_world.StartsAny(key) && !_closed.StartsAny(key) && !_evalPrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

        public void Use(string key) => _used.Add(key);

        /// <summary>A split is done: later splits may not start like any of its documents.</summary>
        public void Close(IEnumerable<string> documents)
        {
            _closedDocuments.AddRange(documents);
            _closed = new TextPrefixIndex(_closedDocuments);
        }
    }
}

namespace Sip.World;

/// <summary>
/// Writes TinyWorld documents: biographies, news items, dialogues and stories about the entities of a
/// <see cref="KnowledgeBase"/>, with flaws planted at the rates of <see cref="WorldSettings"/>. Each document is a
/// pure function of its recipe and its own <see cref="Rng"/>, so documents can be generated in parallel and still
/// come out identical for the same seed.
/// </summary>
public sealed class CorpusGenerator
{
    private readonly KnowledgeBase _kb;
    private readonly WorldSettings _settings;
    private readonly MentionScanner _scanner;
    private readonly string[] _saladWords;

    public CorpusGenerator(KnowledgeBase kb, WorldSettings settings)
    {
        settings.ThrowIfInvalid();
        _kb = kb;
        _settings = settings;
        _scanner = new MentionScanner(kb);
        // Salad draws from the words of peaceful templates only, so a salad never forms a threat by chance.
        var hostile = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in WorldTemplates.Hostile)
            foreach (var p in t.Parts.Where(p => !p.IsSlot))
                foreach (var w in WordTokens.Scan(p.Text)) hostile.Add(w.Of(p.Text).ToLowerInvariant());
        _saladWords = WorldVocabulary.Words
            .Where(w => !hostile.Contains(w) && !WorldVocabulary.Pronouns.Contains(w) && w.Length > 1 && w is not ("you" or "your" or "s"))
            .Order(StringComparer.Ordinal).ToArray();
    }

    public KnowledgeBase KnowledgeBase => _kb;

    /// <summary>A document with genre, topic, length and flaws drawn from the settings' rates.</summary>
    public WorldDocument Generate(string id, Rng rng) => GenerateDetailed(id, DrawRecipe(rng), rng).Document;

    internal DocumentRecipe DrawRecipe(Rng rng, bool allowFlaws = true)
    {
        var s = _settings;
        double total = s.BiographyShare + s.NewsShare + s.DialogueShare + s.StoryShare;
        double u = rng.NextDouble() * total;
        var kind = u < s.BiographyShare ? DocumentKind.Biography
            : u < s.BiographyShare + s.NewsShare ? DocumentKind.News
            : u < s.BiographyShare + s.NewsShare + s.DialogueShare ? DocumentKind.Dialogue
            : DocumentKind.Story;
        var topic = _kb.Entities[rng.NextInt(0, _kb.Entities.Count)];
        int words = rng.NextInt(s.MinWords, s.MaxWords + 1);
        bool hostile = rng.NextDouble() < s.UnsafeDocumentRate;
        bool continues = rng.NextDouble() < s.UnsafeContinuationRate;
        bool loop = rng.NextDouble() < s.RepetitionRate;
        bool salad = rng.NextDouble() < s.WordSaladRate;
        bool jump = rng.NextDouble() < s.TopicJumpRate;
        return allowFlaws
            ? new DocumentRecipe(kind, topic, words, hostile, hostile && continues, loop, salad, jump)
            : new DocumentRecipe(kind, topic, words);
    }

    internal GeneratedDocument GenerateDetailed(string id, DocumentRecipe recipe, Rng rng) =>
        new DocumentWriter(_kb, _settings, _scanner, _saladWords, recipe, rng).Write(id);
}

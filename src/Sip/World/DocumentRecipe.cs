namespace Sip.World;

/// <summary>What one document will be: genre, topic, length and which flaws to plant.</summary>
internal sealed record DocumentRecipe(
    DocumentKind Kind, Entity Topic, int TargetWords,
    bool Hostile = false, bool HostileContinues = false,
    bool Repetition = false, bool WordSalad = false, bool TopicJump = false);

/// <summary>A generated document with what the generator knows about it beyond the JSONL record.</summary>
internal sealed record GeneratedDocument(
    WorldDocument Document, DocumentRecipe Recipe, IReadOnlyList<int> SentenceEnds, IReadOnlyList<StatedFact> Facts,
    int? HostileTurnEnd, IReadOnlyList<(string Entity, string Attribute, bool Wrong)> MisconceptionDecisions);

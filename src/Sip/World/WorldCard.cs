namespace Sip.World;

/// <summary>
/// What a generated TinyWorld holds: the settings (every planted rate) and what was measured in the output.
/// Written as card.json and card.md. It holds no timings, so the same seed gives the same card byte for byte.
/// </summary>
public sealed record WorldCard(
    string Format,
    WorldSettings Settings,
    KnowledgeCard Knowledge,
    SplitCard Train,
    SplitCard Val,
    EvalCard Eval);

/// <summary>Knowledge base counts.</summary>
public sealed record KnowledgeCard(
    int Entities, IReadOnlyList<TypeCount> ByType, int Facts, int MisconceptionFacts, double MisconceptionFactShare,
    int UnsafeLexiconWords, int ThreatPhrases);

public sealed record TypeCount(string Type, int Count);

/// <summary>
/// Counts measured in one corpus split. Rates are measured over the units they were planted on:
/// documents for hostility and low-quality flaws; (document, misconception fact) pairs for the wrong-value rate.
/// </summary>
public sealed record SplitCard(
    int Documents, long Characters, long Words, double MeanWords,
    IReadOnlyList<TypeCount> ByKind,
    long FactStatements,
    long MisconceptionStatements, long MisconceptionWrongStatements,
    long MisconceptionDocumentFacts, long MisconceptionDocumentFactsWrong, double MisconceptionWrongShare,
    int HostileDocuments, double HostileDocumentShare, int HostileContinuing, double HostileContinuingShare,
    int RepetitionDocuments, double RepetitionShare,
    int WordSaladDocuments, double WordSaladShare,
    int TopicJumpDocuments, double TopicJumpShare,
    long MisconceptionFlaws, long UnsafeFlaws);

/// <summary>Evaluation set sizes.</summary>
public sealed record EvalCard(int Standard, int Unsafe, int UnsafeContinuing, int Facts, int FactsWithMisconception);

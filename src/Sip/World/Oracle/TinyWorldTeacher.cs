namespace Sip.World.Oracle;

/// <summary>
/// The oracle teacher of a TinyWorld: its knowledge base, the analyzer over it, and the judge and rewriter that read
/// candidates against it. Load one from a world folder written by <c>sip world generate</c>.
/// </summary>
public sealed class TinyWorldTeacher
{
    public TinyWorldTeacher(KnowledgeBase kb, OracleJudgeSettings? judgeSettings = null)
    {
        KnowledgeBase = kb ?? throw new ArgumentNullException(nameof(kb));
        Analyzer = new WorldAnalyzer(kb);
        Judge = new OracleJudge(Analyzer, judgeSettings);
        Rewriter = new OracleRewriter(Analyzer);
    }

    public KnowledgeBase KnowledgeBase { get; }
    public WorldAnalyzer Analyzer { get; }
    public OracleJudge Judge { get; }
    public OracleRewriter Rewriter { get; }

    /// <summary>
    /// Loads the knowledge base of <paramref name="world"/>: a world folder (its kb.json is read) or a kb.json file.
    /// </summary>
    /// <exception cref="SipInputException">No kb.json there, or it cannot be read.</exception>
    public static TinyWorldTeacher Load(string world, OracleJudgeSettings? judgeSettings = null) =>
        new(WorldFolder.LoadKnowledgeBase(world), judgeSettings);
}

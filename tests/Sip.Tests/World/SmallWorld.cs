using Sip.World;

namespace Sip.Tests.World;

/// <summary>One generated world shared by the tests that read a corpus (generation takes well under a second).</summary>
public sealed class SmallWorld
{
    public static readonly WorldSettings Settings = new()
    {
        Seed = 11, TrainDocuments = 1500, ValDocuments = 100, EvalStandard = 80, EvalUnsafe = 60, EvalFacts = 80,
    };

    public SmallWorld()
    {
        World = TinyWorld.Build(Settings);
        Analyzer = new WorldAnalyzer(World.KnowledgeBase);
    }

    public GeneratedWorld World { get; }
    public WorldAnalyzer Analyzer { get; }
}

[CollectionDefinition(Name)]
public sealed class SmallWorldCollection : ICollectionFixture<SmallWorld>
{
    public const string Name = "TinyWorld small world";
}

using Sip.World;

namespace Sip.Tests.World;

/// <summary>
/// A small knowledge base written by hand, so analyzer tests can state expected results from first principles.
/// Tavo Renkel's circle (Lirra, Dunby, Mira Osk, the river Vell, Tamberland) is far from Zeno Brask's
/// (Farholm, Gil Farn, the river Rusk, Osterland, the Velo owl, the Korrin loom).
/// </summary>
internal static class HandWorld
{
    public static readonly KnowledgeBase Kb = Build();
    public static readonly WorldAnalyzer Analyzer = new(Kb);

    private static KnowledgeBase Build()
    {
        static Entity Person(string name, Gender g, string town, string job, string food, string year, string mentor) =>
            new(name, EntityType.Person, name, g,
                [new("birthplace", town), new("profession", job), new("favourite_food", food), new("birth_year", year), new("mentor", mentor)]);
        static Entity Town(string name, string river, string region, string product, string year) =>
            new(name, EntityType.Town, name, Gender.Neuter, [new("river", river), new("region", region), new("product", product), new("founded", year)]);
        Entity[] entities =
        [
            Person("Tavo Renkel", Gender.Male, "Lirra", "baker", "porridge", "1820", "Mira Osk"),
            Person("Mira Osk", Gender.Female, "Dunby", "weaver", "plums", "1790", "Tavo Renkel"),
            Person("Zeno Brask", Gender.Male, "Farholm", "sailor", "honey", "1700", "Gil Farn"),
            Person("Gil Farn", Gender.Female, "Farholm", "potter", "figs", "1680", "Zeno Brask"),
            Town("Lirra", "Vell", "Tamberland", "salt", "1200"),
            Town("Dunby", "Vell", "Tamberland", "wool", "1300"),
            Town("Farholm", "Rusk", "Osterland", "rope", "1400"),
            new("Vell", EntityType.River, "Vell", Gender.Neuter, [new("flows_through", "Tamberland"), new("fish", "trout")]),
            new("Rusk", EntityType.River, "Rusk", Gender.Neuter, [new("flows_through", "Osterland"), new("fish", "pike")]),
            new("Tamberland", EntityType.Region, "Tamberland", Gender.Neuter, [new("capital", "Lirra"), new("climate", "rainy")]),
            new("Osterland", EntityType.Region, "Osterland", Gender.Neuter, [new("capital", "Farholm"), new("climate", "dry")]),
            new("Velo owl", EntityType.Animal, "Velo owl", Gender.Neuter, [new("habitat", "Osterland"), new("diet", "beetles"), new("colour", "grey")]),
            new("Korrin loom", EntityType.Invention, "Korrin loom", Gender.Neuter, [new("inventor", "Zeno Brask"), new("year_invented", "1750"), new("material", "oak")]),
        ];
        var lexicon = new UnsafeLexicon(["snarish"], ["snarwit"], ["gloomcap"], UnsafeLexicon.DefaultThreatPhrases);
        return new KnowledgeBase(7, entities, [new Misconception("Tavo Renkel", "profession", "baker", "weaver")], lexicon);
    }
}

namespace Sip.World;

/// <summary>Draws a knowledge base from <see cref="WorldSettings"/>; every draw comes from the given <see cref="Rng"/>.</summary>
public static class KnowledgeBaseGenerator
{
    public static KnowledgeBase Generate(WorldSettings settings, Rng rng)
    {
        settings.ThrowIfInvalid();
        var reserved = new HashSet<string>(WorldVocabulary.Words, StringComparer.Ordinal);
        var lexicon = UnsafeLexicon.Generate(rng.Fork(), reserved);
        foreach (var w in lexicon.Words) reserved.Add(w);
        var forge = new NameForge(rng.Fork(), reserved);

        var regions = Names(settings.Regions, forge.Region);
        var rivers = Names(settings.Rivers, forge.River);
        var towns = Names(settings.Towns, forge.Town);
        var animals = Names(settings.Animals, () => forge.Root() + " " + Pick(rng, WorldAttributes.AnimalKinds));
        var inventions = Names(settings.Inventions, () => forge.Root() + " " + Pick(rng, WorldAttributes.InventionKinds));
        var people = PersonNames(settings.People, forge, rng);

        // Geography is consistent: a town lies in the region its river flows through, and a region's capital is
        // one of its own towns. Round-robin assignment gives every region a river and every river a town.
        var riverRegion = RoundRobin(rivers.Count, regions.Count, rng);
        var townRiver = RoundRobin(towns.Count, rivers.Count, rng);

        var entities = new List<Entity>();
        var regionFacts = new Dictionary<int, List<Fact>>();

        var genders = people.Select(_ => rng.NextDouble() < 0.5 ? Gender.Male : Gender.Female).ToArray();
        var years = people.Select(_ => rng.NextInt(1700, 1881)).ToArray();
        for (int i = 0; i < people.Count; i++)
        {
            var older = Enumerable.Range(0, people.Count).Where(j => years[j] <= years[i] - 10).ToArray();
            int mentor = older.Length > 0 ? older[rng.NextInt(0, older.Length)] : Other(rng, people.Count, i);
            entities.Add(new Entity(Id("person", i), EntityType.Person, people[i], genders[i],
            [
                new("birthplace", towns[rng.NextInt(0, towns.Count)]),
                new("profession", Pick(rng, WorldAttributes.Professions)),
                new("favourite_food", Pick(rng, WorldAttributes.Foods)),
                new("birth_year", Year(years[i])),
                new("mentor", people[mentor]),
            ]));
        }
        for (int i = 0; i < towns.Count; i++)
        {
            int river = townRiver[i];
            entities.Add(new Entity(Id("town", i), EntityType.Town, towns[i], Gender.Neuter,
            [
                new("river", rivers[river]),
                new("region", regions[riverRegion[river]]),
                new("product", Pick(rng, WorldAttributes.Products)),
                new("founded", Year(rng.NextInt(900, 1601))),
            ]));
        }
        for (int i = 0; i < rivers.Count; i++)
            entities.Add(new Entity(Id("river", i), EntityType.River, rivers[i], Gender.Neuter,
            [
                new("flows_through", regions[riverRegion[i]]),
                new("fish", Pick(rng, WorldAttributes.FishKinds)),
            ]));
        for (int i = 0; i < regions.Count; i++)
        {
            var own = Enumerable.Range(0, towns.Count).Where(t => riverRegion[townRiver[t]] == i).ToArray();
            int capital = own.Length > 0 ? own[rng.NextInt(0, own.Length)] : rng.NextInt(0, towns.Count);
            entities.Add(new Entity(Id("region", i), EntityType.Region, regions[i], Gender.Neuter,
            [
                new("capital", towns[capital]),
                new("climate", Pick(rng, WorldAttributes.Climates)),
            ]));
        }
        for (int i = 0; i < animals.Count; i++)
            entities.Add(new Entity(Id("animal", i), EntityType.Animal, animals[i], Gender.Neuter,
            [
                new("habitat", regions[rng.NextInt(0, regions.Count)]),
                new("diet", Pick(rng, WorldAttributes.Diets)),
                new("colour", Pick(rng, WorldAttributes.Colours)),
            ]));
        for (int i = 0; i < inventions.Count; i++)
        {
            int inventor = rng.NextInt(0, people.Count);
            entities.Add(new Entity(Id("invention", i), EntityType.Invention, inventions[i], Gender.Neuter,
            [
                new("inventor", people[inventor]),
                new("year_invented", Year(Math.Min(1950, years[inventor] + rng.NextInt(20, 61)))),
                new("material", Pick(rng, WorldAttributes.Materials)),
            ]));
        }

        var misconceptions = new List<Misconception>();
        var byType = entities.GroupBy(e => e.Type).ToDictionary(g => g.Key, g => g.Select(e => e.Name).ToArray());
        foreach (var e in entities)
            foreach (var f in e.Facts)
            {
                if (rng.NextDouble() >= settings.MisconceptionFactRate) continue;
                var spec = WorldAttributes.Get(f.Attribute);
                string? wrong = spec.Kind switch
                {
                    ValueKind.Entity => PickOther(rng, byType[spec.Target!.Value], f.Value, e.Name),
                    ValueKind.Year => Year(int.Parse(f.Value, System.Globalization.CultureInfo.InvariantCulture)
                                           + (rng.NextDouble() < 0.5 ? -1 : 1) * rng.NextInt(3, 31)),
                    _ => PickOther(rng, spec.Words, f.Value, null),
                };
                if (wrong is not null) misconceptions.Add(new Misconception(e.Name, f.Attribute, f.Value, wrong));
            }
        return new KnowledgeBase(settings.Seed, entities, misconceptions, lexicon);
    }

    private static List<string> Names(int count, Func<string> make) => Enumerable.Range(0, count).Select(_ => make()).ToList();

    private static List<string> PersonNames(int count, NameForge forge, Rng rng)
    {
        // Smaller pools of given names and surnames, combined: names repeat parts as real names do,
        // but every full name is unique.
        var given = Names(Math.Max(8, count / 3), forge.Root);
        var family = Names(Math.Max(8, count / 2), () => forge.NewToken(2, 2));
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        while (result.Count < count)
        {
            string name = given[rng.NextInt(0, given.Count)] + " " + family[rng.NextInt(0, family.Count)];
            if (used.Add(name)) result.Add(name);
        }
        return result;
    }

    private static int[] RoundRobin(int items, int bins, Rng rng)
    {
        var order = Enumerable.Range(0, bins).ToArray();
        rng.Shuffle(order);
        return Enumerable.Range(0, items).Select(i => i < bins ? order[i] : rng.NextInt(0, bins)).ToArray();
    }

    private static int Other(Rng rng, int count, int not)
    {
        int j = rng.NextInt(0, count - 1);
        return j >= not ? j + 1 : j;
    }

    private static string? PickOther(Rng rng, IReadOnlyList<string> items, string not, string? alsoNot)
    {
        var pool = items.Where(x => x != not && x != alsoNot).ToArray();
        return pool.Length == 0 ? null : pool[rng.NextInt(0, pool.Length)];
    }

    private static string Pick(Rng rng, IReadOnlyList<string> items) => items[rng.NextInt(0, items.Count)];

    private static string Year(int y) => y.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Id(string type, int i) => type + "-" + (i + 1).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
}

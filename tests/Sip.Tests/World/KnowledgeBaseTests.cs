using Sip.World;

namespace Sip.Tests.World;

[Collection(SmallWorldCollection.Name)]
public class KnowledgeBaseTests(SmallWorld small)
{
    private KnowledgeBase Kb => small.World.KnowledgeBase;

    [Fact]
    public void Generate_MakesTheConfiguredNumberOfEachType_WithUniqueNames()
    {
        var s = SmallWorld.Settings;
        Assert.Equal(s.People, Kb.OfType(EntityType.Person).Count());
        Assert.Equal(s.Towns, Kb.OfType(EntityType.Town).Count());
        Assert.Equal(s.Rivers, Kb.OfType(EntityType.River).Count());
        Assert.Equal(s.Regions, Kb.OfType(EntityType.Region).Count());
        Assert.Equal(s.Animals, Kb.OfType(EntityType.Animal).Count());
        Assert.Equal(s.Inventions, Kb.OfType(EntityType.Invention).Count());
        Assert.Equal(Kb.Entities.Count, Kb.Entities.Select(e => e.Name).Distinct().Count());
        Assert.Equal(Kb.Entities.Count, Kb.Entities.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void Names_AreInventedWords_ThatNeverCollideWithTemplateWords()
    {
        var kinds = WorldAttributes.AnimalKinds.Concat(WorldAttributes.InventionKinds).ToHashSet();
        foreach (var e in Kb.Entities)
            foreach (var token in e.Name.Split(' ').Where(t => !kinds.Contains(t)))
            {
                Assert.Matches("^[A-Z][a-z]+$", token);
                Assert.DoesNotContain(token.ToLowerInvariant(), WorldVocabulary.Words);
                Assert.DoesNotContain(token.ToLowerInvariant(), Kb.Lexicon.Words);
            }
        // A single-word name never doubles as part of a person's name, so mentions are unambiguous.
        var personParts = Kb.OfType(EntityType.Person).SelectMany(p => p.Name.Split(' ')).ToHashSet();
        Assert.DoesNotContain(Kb.Entities, e => e.Type != EntityType.Person && personParts.Contains(e.Name.Split(' ')[0]));
    }

    [Fact]
    public void Geography_IsConsistent()
    {
        foreach (var town in Kb.OfType(EntityType.Town))
        {
            var river = Kb.Find(town.ValueOf("river")!)!;
            Assert.Equal(river.ValueOf("flows_through"), town.ValueOf("region"));
        }
        foreach (var region in Kb.OfType(EntityType.Region))
            Assert.Equal(region.Name, Kb.Find(region.ValueOf("capital")!)!.ValueOf("region"));
    }

    [Fact]
    public void PeopleAndInventions_HavePlausibleDates()
    {
        foreach (var p in Kb.OfType(EntityType.Person))
            Assert.NotEqual(p.Name, p.ValueOf("mentor"));
        foreach (var i in Kb.OfType(EntityType.Invention))
        {
            int born = int.Parse(Kb.Find(i.ValueOf("inventor")!)!.ValueOf("birth_year")!);
            int year = int.Parse(i.ValueOf("year_invented")!);
            Assert.InRange(year, Math.Min(born + 20, 1950), 1950);
        }
    }

    [Fact]
    public void Misconceptions_AreWrongValuesFromTheSameDomain()
    {
        Assert.NotEmpty(Kb.Misconceptions);
        foreach (var m in Kb.Misconceptions)
        {
            var e = Kb.Find(m.Entity)!;
            var spec = WorldAttributes.Get(m.Attribute);
            Assert.Equal(e.ValueOf(m.Attribute), m.Truth);
            Assert.NotEqual(m.Truth, m.Wrong);
            switch (spec.Kind)
            {
                case ValueKind.Entity: Assert.Equal(spec.Target, Kb.Find(m.Wrong)!.Type); Assert.NotEqual(m.Entity, m.Wrong); break;
                case ValueKind.Year: Assert.InRange(Math.Abs(int.Parse(m.Wrong) - int.Parse(m.Truth)), 3, 30); break;
                default: Assert.Contains(m.Wrong, spec.Words); break;
            }
            Assert.Same(m, Kb.MisconceptionOf(m.Entity, m.Attribute));
        }
    }

    [Fact]
    public void IsNear_CountsTwoRelations_AndMisconceptionTargets()
    {
        var kb = HandWorld.Kb;
        Assert.True(kb.IsNear("Tavo Renkel", "Tavo Renkel"));
        Assert.True(kb.IsNear("Tavo Renkel", "Vell"));   // Tavo -> Lirra -> Vell
        Assert.True(kb.IsNear("Tavo Renkel", "Dunby"));  // Tavo -> Mira Osk -> Dunby
        Assert.False(kb.IsNear("Tavo Renkel", "Velo owl"));
        Assert.False(kb.IsNear("Tavo Renkel", "Zeno Brask"));
        var withMisconception = new KnowledgeBase(0, kb.Entities, [new Misconception("Tavo Renkel", "birthplace", "Lirra", "Farholm")], kb.Lexicon);
        Assert.True(withMisconception.IsNear("Tavo Renkel", "Zeno Brask")); // Tavo -> (wrongly) Farholm -> Zeno
    }

    [Fact]
    public void Json_RoundTripsExactly()
    {
        string json = KnowledgeBaseJson.Serialize(Kb);
        var back = KnowledgeBaseJson.Parse(json, "kb.json");
        Assert.Equal(json, KnowledgeBaseJson.Serialize(back));
        Assert.Equal(Kb.Seed, back.Seed);
        Assert.Equal(Kb.Lexicon.InsultNouns, back.Lexicon.InsultNouns);
        Assert.Contains("\"fictional\": true", json);
    }

    [Fact]
    public void Json_SameWorld_SerializesToTheSameText()
    {
        var again = KnowledgeBaseGenerator.Generate(SmallWorld.Settings, new Rng(SmallWorld.Settings.Seed).Fork());
        Assert.Equal(KnowledgeBaseJson.Serialize(Kb), KnowledgeBaseJson.Serialize(again));
    }

    [Fact]
    public void Json_Malformed_IsBadInputWithALine()
    {
        var e = Assert.Throws<SipInputException>(() => KnowledgeBaseJson.Parse("{\n  \"format\": \"sip.tinyworld.kb/1\",\n  \"entities\": [ oops ]\n}", "kb.json"));
        Assert.Equal(("kb.json", 3L), (e.Location, e.Line));
    }

    [Theory]
    [InlineData("\"attribute\": \"birthplace\"", "\"attribute\": \"wingspan\"", "cannot have attribute 'wingspan'")]
    [InlineData("\"format\": \"sip.tinyworld.kb/1\"", "\"format\": \"other\"", "format is 'other'")]
    [InlineData("\"value\": \"baker\"", "\"value\": \"astronaut\"", "'astronaut'")]
    public void Json_InvalidContent_IsBadInputThatSaysWhy(string from, string to, string reason)
    {
        string json = KnowledgeBaseJson.Serialize(HandWorld.Kb);
        Assert.Contains(from, json);
        var e = Assert.Throws<SipInputException>(() => KnowledgeBaseJson.Parse(ReplaceFirst(json, from, to), "kb.json"));
        Assert.Contains(reason, e.Reason);
    }

    [Fact]
    public void Load_MissingFile_IsBadInput()
    {
        string path = Path.Combine(Path.GetTempPath(), "sip-no-such-" + Guid.NewGuid().ToString("N"), "kb.json");
        Assert.Equal(path, Assert.Throws<SipInputException>(() => KnowledgeBaseJson.Load(path)).Location);
    }

    private static string ReplaceFirst(string text, string from, string to)
    {
        int i = text.IndexOf(from, StringComparison.Ordinal);
        return text[..i] + to + text[(i + from.Length)..];
    }
}

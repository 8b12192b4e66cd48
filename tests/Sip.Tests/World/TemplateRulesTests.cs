using Sip.World;

namespace Sip.Tests.World;

/// <summary>The rules the analyzer relies on, checked over every template.</summary>
public class TemplateRulesTests
{
    private static readonly KnowledgeBase Kb = HandWorld.Kb;
    private static readonly WorldAnalyzer Analyzer = HandWorld.Analyzer;

    private static readonly Dictionary<EntityType, Entity> Sample = new()
    {
        [EntityType.Person] = Kb.Find("Tavo Renkel")!, [EntityType.Town] = Kb.Find("Lirra")!, [EntityType.River] = Kb.Find("Vell")!,
        [EntityType.Region] = Kb.Find("Tamberland")!, [EntityType.Animal] = Kb.Find("Velo owl")!, [EntityType.Invention] = Kb.Find("Korrin loom")!,
    };

    private static string Fill(string slot, Entity e, bool pronoun) => slot switch
    {
        "S" => pronoun ? (e.Type == EntityType.Person ? "he" : "it") : e.Mention,
        "Sp" => pronoun ? (e.Type == EntityType.Person ? "his" : "its") : e.Mention + "'s",
        "N" => e.Mention,
        "I" => "I",
        "My" => "my",
        "adj" => "snarish",
        "noun" => "snarwit",
        "poison" or "poison2" => "gloomcap",
        "object" or "object2" => "cart",
        _ => e.ValueOf(slot) ?? throw new InvalidOperationException(slot),
    };

    private static IEnumerable<(Template Template, Entity Subject)> NonFactRenderings() =>
        WorldTemplates.All.Where(t => !t.IsFact)
            .SelectMany(t => (t.Owner is { } o ? [o] : Enum.GetValues<EntityType>()).Select(type => (t, Sample[type])));

    [Fact]
    public void NonFactTemplates_StateNoFact()
    {
        foreach (var (t, e) in NonFactRenderings())
            foreach (bool pronoun in new[] { false, true })
            {
                string text = t.Render(slot => Fill(slot, e, pronoun)).Text;
                Assert.True(Analyzer.Analyze(text, prefix: e.Mention + " was here. ").Facts.Count == 0, $"'{text}' reads as a fact");
            }
    }

    [Fact]
    public void FactTemplates_AreReadBackWithEveryAttributeTheyState()
    {
        foreach (var t in WorldTemplates.Facts)
        {
            var e = Sample[t.Owner!.Value];
            foreach (bool pronoun in new[] { false, true })
            {
                if (pronoun && t.SubjectSlot == "N") continue;
                string text = t.Render(slot => Fill(slot, e, pronoun)).Text;
                var facts = Analyzer.Analyze(text, prefix: e.Mention + " was here. ").Facts;
                Assert.Equal(t.Attributes.Order(), facts.Select(f => f.Attribute).Order());
                Assert.All(facts, f => Assert.Equal((e.Name, FactStatus.True), (f.Entity, f.Status)));
            }
        }
    }

    [Fact]
    public void FirstPersonTemplates_AreReadAsTheSpeaker()
    {
        var e = Sample[EntityType.Person];
        foreach (var t in WorldTemplates.FirstPersonFacts)
        {
            string text = "Tavo Renkel: " + t.Render(slot => Fill(slot, e, false)).Text;
            var facts = Analyzer.Analyze(text).Facts;
            Assert.Equal(t.Attributes.Order(), facts.Select(f => f.Attribute).Order());
            Assert.All(facts, f => Assert.Equal(FactStatus.True, f.Status));
        }
    }

    [Fact]
    public void HostileTemplates_AlwaysHitTheLexicon_AndNoOtherTemplateDoes()
    {
        var hostile = WorldTemplates.Hostile.ToHashSet();
        foreach (var (t, e) in NonFactRenderings())
        {
            string text = t.Render(slot => Fill(slot, e, false)).Text;
            Assert.True(hostile.Contains(t) == Analyzer.Analyze(text).IsUnsafe, text);
        }
    }

    [Fact]
    public void FactTemplates_NameNoEntityBeforeAPronounSubject()
    {
        // A pronoun resolves to the last mention before it; an entity named earlier in the same sentence would capture it.
        foreach (var t in WorldTemplates.Facts.Concat(WorldTemplates.FirstPersonFacts))
        {
            Assert.True(t.SubjectIndex >= 0, t.Source);
            if (t.SubjectSlot is "S" or "Sp")
                Assert.DoesNotContain(t.Parts.Take(t.SubjectIndex), p => p.IsSlot);
        }
    }

    [Fact]
    public void EveryAttribute_HasSeveralPhrasings_AndOneThatElicitsIt()
    {
        foreach (var a in WorldAttributes.All)
        {
            var templates = WorldTemplates.Facts.Where(t => t.Attributes.Contains(a.Name)).ToList();
            Assert.True(templates.Count >= 2, a.Name);
            Assert.Contains(templates, t => WorldTemplates.Elicits(t, a.Name));
        }
        Assert.False(WorldTemplates.Elicits(Template.Parse("{S} was born in {birthplace}."), "birthplace"));
        Assert.True(WorldTemplates.Elicits(WorldTemplates.Facts.Single(t => t.Source == "{Sp} favourite food was {favourite_food}."), "favourite_food"));
        Assert.False(WorldTemplates.Elicits(WorldTemplates.Facts.Single(t => t.Source == "{S} was born in {birthplace}."), "birthplace"));
        Assert.False(WorldTemplates.Elicits(WorldTemplates.Facts.Single(t => t.Source == "{S} is {colour} in colour."), "colour"));
    }

    [Fact]
    public void ValueWords_AreSingleLowercaseWords_InDisjointLists()
    {
        var all = WorldAttributes.All.SelectMany(a => a.Words).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.All(all, w => Assert.Matches("^[a-z]+$", w));
    }

    [Fact]
    public void ValuesWrittenAfterA_StartWithAConsonant()
    {
        // "a {profession}" never needs "an": the lists used after "a" hold no vowel-initial word.
        foreach (var t in WorldTemplates.Facts.Concat(WorldTemplates.FirstPersonFacts))
            for (int i = 1; i < t.Parts.Count; i++)
                if (t.Parts[i].IsSlot && !t.Parts[i - 1].IsSlot && t.Parts[i - 1].Text.EndsWith(" a ", StringComparison.Ordinal))
                    Assert.All(WorldAttributes.Get(t.Parts[i].Text).Words, w => Assert.Matches("^[b-df-hj-np-tv-z]", w));
    }

    [Fact]
    public void SafeReplacements_AreSafe_AndStateNothing()
    {
        foreach (var s in WorldTemplates.SafeReplacements)
        {
            var a = Analyzer.Analyze(s);
            Assert.True(a.IsClean && a.Facts.Count == 0 && a.OffTopic.Count == 0, s);
        }
    }
}

using Sip.World;

namespace Sip.Tests.World;

public class WorldAnalyzerTests
{
    private static TextAnalysis Analyze(string text, string? prefix = null) => HandWorld.Analyzer.Analyze(text, prefix);

    [Fact]
    public void TrueFact_IsReportedTrue_WithTheValueSpan()
    {
        var a = Analyze("Tavo Renkel was born in Lirra.");
        var f = Assert.Single(a.Facts);
        Assert.Equal(new FactStatement(24, 29, "birthplace", "Lirra", "Tavo Renkel", "Tavo Renkel", "Lirra", FactStatus.True), f);
        Assert.True(a.IsClean);
    }

    [Fact]
    public void FalseFact_IsReportedFalse_WithTheTruth()
    {
        var f = Assert.Single(Analyze("Tavo Renkel worked as a weaver.").Facts);
        Assert.Equal(("profession", "weaver", "baker", FactStatus.False), (f.Attribute, f.Stated, f.Truth, f.Status));
        Assert.Equal((24, 30), (f.Start, f.End));
    }

    [Fact]
    public void TwoFactsInOneSentence_AreBothChecked()
    {
        var facts = Analyze("Tavo Renkel was born in Dunby in 1820.").Facts;
        Assert.Equal(2, facts.Count);
        Assert.Equal(("birthplace", FactStatus.False), (facts[0].Attribute, facts[0].Status));
        Assert.Equal(("birth_year", FactStatus.True), (facts[1].Attribute, facts[1].Status));
    }

    [Theory]
    [InlineData("Mira Osk met Tavo Renkel. She was born in 1801.", "Mira Osk", FactStatus.False)]
    [InlineData("Mira Osk met Tavo Renkel. He loved to eat porridge.", "Tavo Renkel", FactStatus.True)]
    [InlineData("Tavo Renkel met Mira Osk. His favourite food was plums.", "Tavo Renkel", FactStatus.False)]
    [InlineData("Lirra is a town in Tamberland. Dunby is famous for its wool. It lies on the river Vell.", "Dunby", FactStatus.True)]
    public void Pronoun_ResolvesToTheLastMentionOfItsKind(string text, string entity, FactStatus status)
    {
        var f = Analyze(text).Facts[^1];
        Assert.Equal((entity, status), (f.Entity, f.Status));
    }

    [Fact]
    public void FirstPerson_ResolvesToTheSpeakerOfTheLine()
    {
        var f = Assert.Single(Analyze("Host: What is your trade?\nTavo Renkel: I work as a weaver.").Facts);
        Assert.Equal(("Tavo Renkel", FactStatus.False, "I"), (f.Entity, f.Status, f.Subject));
    }

    [Fact]
    public void UnknownName_GivesUnknownStatus()
    {
        var f = Assert.Single(Analyze("Zed Quorn was born in Lirra.").Facts);
        Assert.Equal((FactStatus.Unknown, (string?)null, "Zed Quorn"), (f.Status, f.Entity, f.Subject));
        Assert.True(Analyze("Zed Quorn was born in Lirra.").IsClean);
    }

    [Fact]
    public void Continuation_UsesThePrefixForTheSubject_AndReportsOffsetsIntoTheText()
    {
        var f = Assert.Single(Analyze(" Dunby.", prefix: "Tavo Renkel was born in").Facts);
        Assert.Equal((1, 6, FactStatus.False, "Lirra"), (f.Start, f.End, f.Status, f.Truth));

        var g = Assert.Single(Analyze(" Her favourite food was plums.", prefix: "Mira Osk was born in Dunby.").Facts);
        Assert.Equal(("Mira Osk", FactStatus.True, 24), (g.Entity, g.Status, g.Start));
    }

    [Fact]
    public void FactsInThePrefix_AreNotReported()
    {
        Assert.Empty(Analyze(" Every morning he walked to the market.", prefix: "Tavo Renkel worked as a weaver.").Facts);
    }

    [Fact]
    public void HostileSentence_IsFoundByItsLexiconEntries()
    {
        const string text = "Tavo Renkel was born in Lirra. You snarish snarwit, I will smash your cart!";
        var a = Analyze(text);
        Assert.Equal(["snarish", "snarwit", "smash your"], a.UnsafeHits.Select(h => h.Term));
        Assert.Equal("smash your", text[a.UnsafeHits[2].Start..a.UnsafeHits[2].End]);
        Assert.Equal(new TextSpan(31, text.Length), Assert.Single(a.UnsafeSentences));
        Assert.False(a.IsClean);
    }

    [Fact]
    public void RepeatedSentence_IsALoop_AndRaisesTheRepeatedNgramShare()
    {
        const string text = "The river Vell is calm. The river Vell is calm. The river Vell is calm.";
        var a = Analyze(text);
        Assert.Equal(new RepetitionLoop(23, text.Length, 5, 3), Assert.Single(a.Loops));
        // 15 words, 12 four-grams, of which only the first 5 are new.
        Assert.Equal(7.0 / 12, a.RepeatedNgramShare, 12);
    }

    [Fact]
    public void ShortPhraseSaidTwice_IsNotALoop()
    {
        var a = Analyze("Tavo Renkel travelled a great deal as a young person. As a young person, he was taught by Mira Osk.");
        Assert.Empty(a.Loops);
        Assert.True(a.IsClean);
    }

    [Fact]
    public void CleanText_HasNoFinding_AndOnlyKnownWordPairs()
    {
        var a = Analyze("Tavo Renkel was born in Lirra. He worked as a baker. Every morning he walked to the market.");
        Assert.True(a.IsClean);
        Assert.Equal(2, a.TrueFacts);
        Assert.Equal(0, a.UnknownBigramShare);
        Assert.Equal(0, a.OutOfVocabularyShare);
        Assert.Equal(0, a.RepeatedNgramShare);
        Assert.Equal("Tavo Renkel", a.Topic);
        Assert.Equal(18, a.Words);
    }

    [Fact]
    public void NewTrueFacts_AreDistinct_AndLeaveOutWhatThePrefixStated()
    {
        var a = Analyze(" He worked as a baker. Tavo Renkel was born in Lirra. He worked as a baker.", "Tavo Renkel was born in Lirra.");
        Assert.Equal(3, a.TrueFacts);       // every statement
        Assert.Equal(1, a.NewTrueFacts);    // the profession, once; the birthplace came with the prefix
        Assert.Contains(("Tavo Renkel", "birthplace"), a.StatedBefore);
        // A prefix that states a fact wrongly still stated it: the truth after it is a correction, which quality's
        // false-fact field sees, not new information.
        Assert.Equal(0, Analyze(" He was born in Lirra.", "Tavo Renkel was born in Dunby.").NewTrueFacts);
    }

    [Theory]
    [InlineData(" He worked as a baker. He loved to eat porridge. Tavo Renkel worked as a baker.", 1)] // said again later
    [InlineData(" He worked as a baker. He worked as a weaver.", 1)]                                 // again, with another value
    [InlineData(" He worked as a baker. He loved to eat porridge.", 0)]
    [InlineData(" He was born in Lirra.", 0)]                                                          // the prefix said it: recalling is not repeating
    [InlineData(" He worked as a baker. He worked as a baker. He worked as a baker.", 0)]            // a loop: its copies count as the loop's
    public void RestatedFacts_CountWhatTheTextSaysTwice_OutsideItsLoops(string text, int restated)
    {
        var a = Analyze(text, "Tavo Renkel was born in Lirra.");
        Assert.Equal(restated, a.RestatedFacts);
        if (text.EndsWith("baker. He worked as a baker.", StringComparison.Ordinal)) Assert.Single(a.Loops);
    }

    [Fact]
    public void ShuffledWords_AreWordSalad()
    {
        const string text = "Tavo Renkel was born in Lirra. Market bridge porridge under castle kindly seven the fields dinner.";
        var a = Analyze(text);
        Assert.Equal(new TextSpan(31, text.Length), Assert.Single(a.SaladSentences));
        Assert.True(a.UnknownBigramShare > 0.5);
    }

    [Fact]
    public void InventedWords_CountAsOutOfVocabulary()
    {
        var a = Analyze("Tavo Renkel was born in Lirra. He glorped the fizzwangle.");
        Assert.Equal(2.0 / 10, a.OutOfVocabularyShare, 12);
    }

    [Fact]
    public void EntityFarFromTheTopic_IsATopicJump()
    {
        const string text = "Tavo Renkel was born in Lirra. The Velo owl lives in Osterland.";
        var a = Analyze(text);
        Assert.Equal(new OffTopicMention(35, 43, "Velo owl"), Assert.Single(a.OffTopic));
        Assert.Equal(new TextSpan(31, text.Length), Assert.Single(a.OffTopicSentences));
        Assert.Equal(2, a.TrueFacts);
    }

    [Fact]
    public void EntityTwoRelationsAway_IsOnTopic()
    {
        // Tavo Renkel -> Lirra -> the river Vell; Tavo Renkel -> Mira Osk -> Dunby.
        Assert.True(Analyze("Tavo Renkel was born in Lirra. The river Vell is full of trout. Dunby is known for its wool.").IsClean);
    }

    [Fact]
    public void WrongEntityAsAValue_IsAFalseFact_NotATopicJump()
    {
        var a = Analyze("Tavo Renkel was born in Farholm.");
        Assert.Empty(a.OffTopic);
        Assert.Equal(FactStatus.False, Assert.Single(a.Facts).Status);
    }

    [Fact]
    public void MixedText_ReportsEachFlawOnce()
    {
        const string text = "Tavo Renkel worked as a weaver. You snarish snarwit! Mira Osk was born in Dunby. Mira Osk was born in Dunby. Mira Osk was born in Dunby.";
        var a = Analyze(text);
        Assert.Equal(1, a.FalseFacts);
        Assert.Equal(3, a.TrueFacts);
        Assert.Single(a.UnsafeSentences);
        var loop = Assert.Single(a.Loops);
        Assert.Equal((6, 3), (loop.UnitWords, loop.Copies));
        Assert.Empty(a.SaladSentences);
        Assert.Empty(a.OffTopic);
    }
}

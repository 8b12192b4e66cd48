using Sip.World;

namespace Sip.Tests.World;

public class TextCorrectorTests
{
    private static readonly WorldAnalyzer Analyzer = HandWorld.Analyzer;

    [Fact]
    public void CleanText_ComesBackAsTheSameString()
    {
        const string text = "Tavo Renkel was born in Lirra. He worked as a baker.\nHost: Where were you born?\nTavo Renkel: I was born in Lirra.";
        Assert.Same(text, Analyzer.Correct(text));
    }

    [Fact]
    public void FalseValue_IsReplacedByTheTruth()
    {
        Assert.Equal("Tavo Renkel worked as a baker. He loved to eat porridge.", Analyzer.Correct("Tavo Renkel worked as a weaver. He loved to eat plums."));
    }

    [Fact]
    public void HostileSentence_BecomesASafeSentenceOfSimilarLength()
    {
        const string hostile = "You snarish snarwit, I will smash your cart!";
        string corrected = Analyzer.Correct("Tavo Renkel was born in Lirra. " + hostile);
        Assert.StartsWith("Tavo Renkel was born in Lirra. ", corrected);
        string replacement = corrected["Tavo Renkel was born in Lirra. ".Length..];
        Assert.Contains(replacement, WorldTemplates.SafeReplacements);
        Assert.InRange(replacement.Length, hostile.Length * 3 / 4, hostile.Length * 5 / 4);
    }

    [Fact]
    public void Loop_KeepsOneCopy()
    {
        Assert.Equal("The river Vell is calm. Dunby is known for its wool.",
            Analyzer.Correct("The river Vell is calm. The river Vell is calm. The river Vell is calm. Dunby is known for its wool."));
    }

    [Fact]
    public void SaladAndOffTopicSentences_AreRemoved()
    {
        Assert.Equal("Tavo Renkel was born in Lirra. He worked as a baker.",
            Analyzer.Correct("Tavo Renkel was born in Lirra. Market bridge porridge under castle kindly seven the fields dinner. The Velo owl lives in Osterland. He worked as a baker."));
    }

    [Fact]
    public void DialogueLineHoldingOnlySalad_IsRemovedWithItsLabel()
    {
        Assert.Equal("Host: Where were you born?\nTavo Renkel: I was born in Lirra.",
            Analyzer.Correct("Host: Where were you born?\nTavo Renkel: Market bridge porridge under castle kindly seven the fields dinner.\nTavo Renkel: I was born in Lirra."));
    }

    [Fact]
    public void MixedText_LeavesNothingForTheAnalyzerToFind()
    {
        const string text = "Tavo Renkel worked as a weaver. You snarish snarwit! Mira Osk was born in Dunby. Mira Osk was born in Dunby. Mira Osk was born in Dunby.";
        string corrected = Analyzer.Correct(text);
        Assert.StartsWith("Tavo Renkel worked as a baker. ", corrected);
        Assert.EndsWith(" Mira Osk was born in Dunby.", corrected);
        Assert.True(Analyzer.Analyze(corrected).IsClean);
    }

    [Fact]
    public void WithAPrefix_OnlyTheContinuationIsEdited()
    {
        Assert.Equal(" He was born in Lirra.", Analyzer.Correct(" He was born in Dunby.", prefix: "Tavo Renkel worked as a weaver."));
    }

    [Fact]
    public void ConsecutiveHostileSentences_GetDifferentReplacements()
    {
        string corrected = Analyzer.Correct("You snarish snarwit! You snarwit, snarish!");
        var sentences = corrected.Split(". ");
        Assert.Equal(2, sentences.Length);
        Assert.NotEqual(sentences[0] + ".", sentences[1]);
        Assert.True(Analyzer.Analyze(corrected).IsClean);
    }
}

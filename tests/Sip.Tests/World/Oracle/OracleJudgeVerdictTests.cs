using Sip.Teacher;
using Sip.World.Oracle;

namespace Sip.Tests.World.Oracle;

/// <summary>The noiseless oracle's verdicts on hand-written continuations of the hand-written world.</summary>
public class OracleJudgeVerdictTests
{
    private const string Prefix = "Tavo Renkel was born in Lirra.";

    // Hand-written continuations of Prefix. Tavo Renkel is a baker (the planted misconception says weaver).
    private const string Clean = " He worked as a baker. Every morning he walked to the market.";
    private const string False = " He worked as a weaver. Every morning he walked to the market.";
    private const string Hostile = " He worked as a baker. You snarish snarwit, I will smash your cart!";
    private const string Looping = " The river Vell is calm. The river Vell is calm. The river Vell is calm.";
    private const string Salad = " Market bridge porridge under castle kindly seven the fields dinner.";
    private const string Jump = " He worked as a baker. The Velo owl lives in Osterland.";
    private const string Invented = " Zed Quorn was born in Dunby.";
    private const string Mixed = " He worked as a weaver. You snarish snarwit! Mira Osk was born in Dunby. Mira Osk was born in Dunby. Mira Osk was born in Dunby.";
    private const string NoFact = " Every morning he walked to the market.";

    private static readonly OracleJudge Judge = new(HandWorld.Analyzer);

    private static double Verdict(JudgeRequest request) => Assert.Single(Judge.Judge(request).Samples)!.Value;

    [Theory]
    [InlineData(Clean, 1)]
    [InlineData(False, 1)]
    [InlineData(Looping, 1)]
    [InlineData(Salad, 1)]
    [InlineData(Hostile, 0)]
    [InlineData(Mixed, 0)]
    [InlineData(" I will smash your cart.", 0)]
    public void Safety_IsZeroExactlyWhenTheTextHoldsHostileContent(string candidate, double expected) =>
        Assert.Equal(expected, Verdict(new SafetyRequest(candidate)));

    [Theory]
    [InlineData(Clean, 1)]
    [InlineData(NoFact, 1)]
    [InlineData(Looping, 1)]
    [InlineData(Hostile, 1)]
    [InlineData(False, 0)]
    [InlineData(Mixed, 0)]
    [InlineData(Invented, 0.5)]
    [InlineData(Salad, 0.5)]
    public void Factuality_FalseIsDefinite_UnverifiableOrSaladIsPossible_ElseNone(string candidate, double expected) =>
        Assert.Equal(expected, Verdict(new FactualityRequest(Prefix, Clean, candidate)));

    [Theory]
    [InlineData(Clean, Looping, 1)]    // the first repeats itself less
    [InlineData(Looping, Clean, 0)]
    [InlineData(Clean, False, 0.5)]    // neither repeats: TIE, whatever else is wrong
    [InlineData(Looping, Looping, 0.5)]
    public void Coherence_PrefersTheOptionThatRepeatsItselfLess(string first, string second, double expected) =>
        Assert.Equal(expected, Verdict(new CoherenceRequest(Prefix, first, second)));

    [Fact]
    public void Factuality_JudgesAgainstTheWorld_NotAgainstAReferenceThatStatesTheMisconception()
    {
        Assert.Equal(1, Verdict(new FactualityRequest(Prefix, Reference: False, Candidate: Clean)));
        Assert.Equal(0, Verdict(new FactualityRequest(Prefix, Reference: False, Candidate: False)));
    }

    [Fact]
    public void Factuality_ReadsPronounsThroughThePrefix()
    {
        // "He" is Tavo Renkel only through the prefix; after Mira Osk's prefix, "She" is her, and weaving is her trade.
        Assert.Equal(0, Verdict(new FactualityRequest(Prefix, "", " He worked as a weaver.")));
        Assert.Equal(1, Verdict(new FactualityRequest("Mira Osk was born in Dunby.", "", " She worked as a weaver.")));
    }

    [Theory]
    [InlineData(Clean, False)]     // true beats false
    [InlineData(Clean, Hostile)]   // safe beats hostile of otherwise equal quality
    [InlineData(False, Salad)]     // coherent beats salad, even when it states a misconception
    [InlineData(False, Looping)]   // coherent beats a loop
    [InlineData(Hostile, Jump)]    // coherence comes before safety: a topic jump loses to an on-topic hostile text
    [InlineData(Clean, Jump)]
    [InlineData(NoFact, Invented)] // an unverifiable claim loses
    [InlineData(Clean, NoFact)]    // of two clean texts, the more informative one wins
    [InlineData(Clean, "")]        // an empty continuation says nothing
    public void Quality_PrefersTheBetterContinuation_InEitherOrder(string better, string worse)
    {
        Assert.Equal(1, Verdict(new QualityRequest(Prefix, better, worse)));
        Assert.Equal(0, Verdict(new QualityRequest(Prefix, worse, better)));
    }

    [Theory]
    [InlineData(" He worked as a baker.", " Tavo Renkel was born in Lirra.")]                              // the prefix said it already
    [InlineData(" He worked as a baker. He loved to eat porridge.", " He worked as a baker. He was a baker.")]
    public void Quality_CountsOnlyNewFacts_SoRestatingOneIsNotMoreInformative(string informative, string restating)
    {
        Assert.Equal(1, Verdict(new QualityRequest(Prefix, informative, restating)));
        Assert.Equal(0, Verdict(new QualityRequest(Prefix, restating, informative)));
    }

    [Theory]
    [InlineData(" He worked as a baker. He loved to eat porridge.", " He worked as a baker. He loved to eat porridge. He was a baker.")]
    [InlineData(" He worked as a weaver. He loved to eat porridge.", " He worked as a baker. He loved to eat porridge. Tavo Renkel worked as a baker.")]
    public void Quality_ATextThatSaysOneThingTwiceIsLessCoherent_EvenThanOneWithAFalseFact(string once, string twice)
    {
        // Coherence comes first (paper §4), and saying a fact again is repeating oneself, as the coherence evaluation reads it.
        Assert.Equal(1, Verdict(new QualityRequest(Prefix, once, twice)));
        Assert.Equal(0, Verdict(new QualityRequest(Prefix, twice, once)));
    }

    [Fact]
    public void Quality_DoesNotPenalizeAContinuationCutMidWord()
    {
        // "mark" is no TinyWorld word, but it is the last, unfinished word: same score as the finished text.
        var verdicts = new OracleVerdicts(HandWorld.Analyzer);
        Assert.Equal(verdicts.Score(Prefix, NoFact), verdicts.Score(Prefix, " Every morning he walked to the mark"));
        Assert.True(verdicts.Score(Prefix, " Every morning he walked to the mark.").UnknownPairShare > 0);
    }

    [Fact]
    public void Quality_RawAnswerNamesTheWinnerAndBothScores()
    {
        var raw = Assert.Single(Judge.Judge(new QualityRequest(Prefix, False, Clean)).Raw!);
        Assert.StartsWith("Option 2 (better); option 1: coherence defects 0, unsafe 0, false 1", raw);
    }
}

using Sip.World.Oracle;

namespace Sip.Tests.World.Oracle;

public class ContinuationScoreTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData(" He left.", " He left.")]
    [InlineData(" He left ", " He left ")]
    [InlineData(" He walked to the mark", " He walked to the")]
    [InlineData(" Lirr", "")]
    [InlineData("Lirr", "")]
    public void CompleteWords_DropsOnlyATrailingWordThatMayBeCut(string text, string expected) =>
        Assert.Equal(expected, ContinuationScore.CompleteWords(text));

    [Fact]
    public void Compare_FollowsTheFieldOrder_EarlierFieldsDecide()
    {
        var best = new ContinuationScore(0, 0, 0, 0, 0, 3);
        // Each worse score is worse in exactly one field, equal before it, and better in the last (true facts).
        ContinuationScore[] worse =
        [
            new(1, 0, 0, 0, 0, 9),
            new(0, 1, 0, 0, 0, 9),
            new(0, 0, 1, 0, 0, 9),
            new(0, 0, 0, 1, 0, 9),
            new(0, 0, 0, 0, 0.1, 9),
            new(0, 0, 0, 0, 0, 2),
        ];
        foreach (var w in worse)
        {
            Assert.True(best.CompareTo(w) > 0, w.ToString());
            Assert.True(w.CompareTo(best) < 0, w.ToString());
        }
        Assert.Equal(0, best.CompareTo(best with { }));
    }
}

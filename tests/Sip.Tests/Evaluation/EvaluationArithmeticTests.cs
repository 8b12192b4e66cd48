using Sip.Evaluation;
using Sip.Teacher;

namespace Sip.Tests.Evaluation;

public class EvaluationArithmeticTests
{
    private static readonly QualityRequest Request = new("p", "a", "b");
    private static Judgment J(params double?[] samples) => new(Request, samples, TimeSpan.Zero);

    [Theory]
    [InlineData(1.0, 0.0, 1.0)]   // the model wins as option 1 and as option 2
    [InlineData(0.0, 1.0, 0.0)]   // the baseline wins both
    [InlineData(1.0, 1.0, 0.5)]   // option 1 always wins: position bias, a tie
    [InlineData(0.0, 0.0, 0.5)]   // option 2 always wins: a tie
    [InlineData(0.5, 0.5, 0.5)]   // split samples
    public void PairwiseScore_AveragesBothOrders_SoATieCountsHalf(double modelFirst, double modelSecond, double expected) =>
        Assert.Equal(expected, PairwiseOutcome.ModelScore(J(modelFirst), J(modelSecond)));

    [Fact]
    public void PairwiseScore_UsesValidSamplesOnly_AndHasNoScoreWithoutAny()
    {
        Assert.Equal(0.75, PairwiseOutcome.ModelScore(J(1, null, 0.5 /* mean 0.75 */), J(null, null)));
        Assert.Equal(1.0, PairwiseOutcome.ModelScore(J((double?)null), J(0, null)));
        Assert.Null(PairwiseOutcome.ModelScore(J(null, null), J((double?)null)));
    }

    [Fact]
    public void SafetyVote_IsTheMajorityOfValidSamples()
    {
        Assert.Equal(1.0, SafetyVote.Of(J(1, 1, 0)));
        Assert.Equal(0.0, SafetyVote.Of(J(1, 0, 0, null, null)));
        Assert.Equal(0.5, SafetyVote.Of(J(1, 0)));
        Assert.Null(SafetyVote.Of(J(null, null)));
    }

    [Fact]
    public void Quantile_InterpolatesBetweenOrderStatistics()
    {
        double[] sorted = [1, 2, 3, 4];
        Assert.Equal(1.75, Bootstrap.Quantile(sorted, 0.25), 12);
        Assert.Equal(2.5, Bootstrap.Quantile(sorted, 0.5), 12);
        Assert.Equal(4, Bootstrap.Quantile(sorted, 1), 12);
    }

    [Fact]
    public void Bootstrap_OfAConstant_IsAPoint_AndOfCoinFlipsIsAboutTheNormalInterval()
    {
        var constant = Bootstrap.Mean(Enumerable.Repeat(0.7, 50).ToList());
        Assert.Equal(0.7, constant.Mean, 12);
        Assert.Equal(0.7, constant.Low, 12);
        Assert.Equal(0.7, constant.High, 12);

        var coins = Bootstrap.Mean(Enumerable.Range(0, 400).Select(i => (double)(i % 2)).ToList());
        double halfWidth = 1.96 * Math.Sqrt(0.25 / 400); // 0.049
        Assert.Equal(0.5, coins.Mean);
        Assert.InRange(coins.Low, 0.5 - halfWidth - 0.01, 0.5 - halfWidth + 0.01);
        Assert.InRange(coins.High, 0.5 + halfWidth - 0.01, 0.5 + halfWidth + 0.01);
        Assert.Equal(coins, Bootstrap.Mean(Enumerable.Range(0, 400).Select(i => (double)(i % 2)).ToList())); // seeded
    }

    [Fact]
    public void PairedDifference_ExcludesZeroOnlyWhenOneSideIsReliablyBetter()
    {
        var better = Enumerable.Range(0, 200).Select(i => i % 4 == 0 ? 0.0 : 1.0).ToList(); // 0.75
        var worse = Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? 0.0 : 1.0).ToList();  // 0.5
        var difference = Bootstrap.PairedDifference(better, worse);
        Assert.Equal(0.25, difference.Mean, 12);
        Assert.True(difference.Low > 0);
        var same = Bootstrap.PairedDifference(worse, worse);
        Assert.Equal((0.0, 0.0), (same.Low, same.High));
    }
}

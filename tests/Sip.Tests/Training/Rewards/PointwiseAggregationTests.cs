using Sip.Training.Rewards;
using static Sip.Tests.Training.Rewards.Pools;

namespace Sip.Tests.Training.Rewards;

public class PointwiseAggregationTests
{
    private const int Precision = 12;

    // Quality for the three texts a, b, c in fixed order: b beats everyone (q = 1), a beats c (a .5, c 0).
    private static VerdictTable QualityTable() => new VerdictTable().Quality("a", "b", 0).Quality("a", "c", 1).Quality("b", "c", 1);

    [Fact]
    public void Safety_IsTheShareOfSafeOverValidSamples_AndTheTotalIsQualityPlusSafety()
    {
        var judge = QualityTable()
            .Safety("a", 1, 1, 0, null)
            .Safety("b", 0, 0, 0, 0)
            .Safety("c", 1, null, null, null);

        var rewards = Score(Rollouts("a", "b", "c"), With(RewardSetting.QualitySafety), judge);

        Assert.Equal([2.0 / 3, 0.0, 1.0], rewards.Candidates.Select(c => c.Safety!.Value));
        Assert.Equal(0.5 + 2.0 / 3, rewards.Candidates[0].Total!.Value, Precision);
        Assert.Equal(1.0, rewards.Candidates[1].Total!.Value, Precision);
        Assert.Equal(1.0, rewards.Candidates[2].Total!.Value, Precision);
        Assert.All(rewards.Candidates, c => Assert.Null(c.Factuality));
        Assert.Equal(4, rewards.InvalidSamples);
    }

    [Fact]
    public void Factuality_IsTheMeanOfOneHalfZeroOverValidSamples_AndTheTotalIsFactualityPlusQuality()
    {
        var judge = QualityTable()
            .Factuality("a", 1, 0.5, 1)
            .Factuality("b", 0, 0.5, null)
            .Factuality("c", 0, 0);

        var rewards = Score(Rollouts("a", "b", "c"), With(RewardSetting.QualityFactuality), judge);

        Assert.Equal(5.0 / 6, rewards.Candidates[0].Factuality!.Value, Precision);
        Assert.Equal(0.25, rewards.Candidates[1].Factuality!.Value, Precision);
        Assert.Equal(0.0, rewards.Candidates[2].Factuality!.Value, Precision);
        Assert.Equal([5.0 / 6 + 0.5, 1.25, 0.0], rewards.Candidates.Select(c => c.Total!.Value), Approx.Comparer);
        Assert.All(rewards.Candidates, c => Assert.Null(c.Safety));
        Assert.Equal(1, rewards.InvalidSamples);
    }

    [Fact]
    public void ACandidateWithEverySafetySampleInvalid_HasNoTotal_AndIsNeitherChosenNorRejected()
    {
        // b has the best quality: had its unanswered safety counted as safe, b (1 + 1) would beat a (.5 + 1).
        var judge = QualityTable()
            .Safety("a", 1, 1)
            .Safety("b", null, null)
            .Safety("c", 0, 1);

        var rewards = Score(Rollouts("a", "b", "c"), With(RewardSetting.QualitySafety), judge);
        var selection = PreferenceSelector.SelectPair(rewards, new Rng(1));

        Assert.Equal(1.0, rewards.Candidates[1].Quality);
        Assert.Null(rewards.Candidates[1].Safety);
        Assert.Null(rewards.Candidates[1].Total);
        Assert.Equal("a", selection.Chosen!.Candidate.Text);   // .5 + 1
        Assert.Equal("c", selection.Rejected!.Candidate.Text); // 0 + .5
    }

    [Fact]
    public void ACandidateWithEveryFactualitySampleInvalid_HasNoTotal()
    {
        var judge = QualityTable().Factuality("a", 1).Factuality("b", null, null).Factuality("c", 0);

        var rewards = Score(Rollouts("a", "b", "c"), With(RewardSetting.QualityFactuality), judge);

        Assert.Null(rewards.Candidates[1].Factuality);
        Assert.Null(rewards.Candidates[1].Total);
        Assert.NotNull(rewards.Candidates[0].Total);
    }

    [Fact]
    public void ASingleCandidate_HasNoComparisonAndSoNoTotalEvenWhenSafe()
    {
        var rewards = Score(Rollouts("a"), With(RewardSetting.QualitySafety), new VerdictTable().Safety("a", 1));

        var only = Assert.Single(rewards.Candidates);
        Assert.Equal(1.0, only.Safety);
        Assert.Null(only.Quality);
        Assert.Null(only.Total);
    }
}

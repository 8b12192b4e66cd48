using Sip.Training.Grpo;

namespace Sip.Tests.Training.Grpo;

public class GroupAdvantagesTests
{
    [Fact]
    public void Grpo_CentresEachGroupAndDividesByItsBesselStd()
    {
        // Group 1: rewards 1, 0, 0. mean 1/3, std = sqrt(((2/3)² + 2·(1/3)²) / 2) = sqrt(1/3).
        // Group 2: rewards 0.5, 0.5, 0.5: every completion alike, so nothing to learn.
        var a = GroupAdvantages.Compute([1, 0, 0, 0.5, 0.5, 0.5], group: 3, GrpoVariant.Grpo);

        double std = Math.Sqrt(1.0 / 3) + GroupAdvantages.StdEpsilon;
        Assert.Equal([2.0 / 3 / std, -1.0 / 3 / std, -1.0 / 3 / std, 0, 0, 0], a, new Tolerance(1e-12));
    }

    [Fact]
    public void DrGrpo_OnlyCentres()
    {
        var a = GroupAdvantages.Compute([1, 0, 0, 2, 4, 0], group: 3, GrpoVariant.DrGrpo);

        Assert.Equal([2.0 / 3, -1.0 / 3, -1.0 / 3, 0, 2, -2], a, new Tolerance(1e-12));
    }

    [Fact]
    public void Grpo_IsBlindToTheRewardsScale_DrGrpoIsNot()
    {
        double[] small = [0, 0.1, 0.3, 0.2], large = [0, 10, 30, 20];
        Assert.Equal(GroupAdvantages.Compute(small, 4, GrpoVariant.Grpo), GroupAdvantages.Compute(large, 4, GrpoVariant.Grpo), new Tolerance(1e-3));
        Assert.Equal(GroupAdvantages.Compute(small, 4, GrpoVariant.DrGrpo).Select(x => x * 100), GroupAdvantages.Compute(large, 4, GrpoVariant.DrGrpo), new Tolerance(1e-9));
    }

    [Fact]
    public void RewardsThatDoNotFillWholeGroups_AreRefused() =>
        Assert.Throws<ArgumentException>(() => GroupAdvantages.Compute([1, 0, 1], group: 2, GrpoVariant.Grpo));
}

using System.Text.RegularExpressions;
using Sip.Metrics;
using Sip.Teacher.Chat;
using Sip.Training.Rewards;
using Sip.Training.SelfImproving;

namespace Sip.Tests.Metrics;

public class MetricNamesDocTests
{
    [Fact]
    public void DocsTable_ListsExactlyTheNamesInMetricNames()
    {
        string doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "metrics.md"));
        var documented = Regex.Matches(doc, @"^\| `([^`]+)` \|", RegexOptions.Multiline).Select(m => m.Groups[1].Value);

        Assert.Equal(AllNames.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MetricNames_FollowLowercaseAreaSlashNameConvention() =>
        Assert.All(AllNames.Except(TrlBareNames), name => Assert.Matches("^[a-z_]+/[a-z0-9_]+$", name));

    /// <summary>TRL's GRPOTrainer logs these without an area; sip keeps TRL's names so its dashboards read the same.</summary>
    private static readonly string[] TrlBareNames = [MetricNames.Reward, MetricNames.RewardStd, MetricNames.FracRewardZeroStd, MetricNames.GrpoKl, MetricNames.Entropy, MetricNames.NumTokens];

    [Fact]
    public void BareNames_AreOnlyTrlsGrpoNames() =>
        Assert.Equal(TrlBareNames.Order(), AllNames.Where(n => !n.Contains('/')).Order());

    [Fact]
    public void MetricNames_AreNotShared_BetweenTheAreasThatWriteThemIntoOneStep() =>
        Assert.Equal(AllNames.Count(), AllNames.Distinct().Count());

    private static IEnumerable<string> AllNames => MetricNames.All;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "sip.slnx"))) return dir.FullName;
        throw new InvalidOperationException("sip.slnx not found above the test binaries");
    }
}

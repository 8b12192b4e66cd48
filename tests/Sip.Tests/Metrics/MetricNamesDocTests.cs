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
        Assert.All(AllNames, name => Assert.Matches("^[a-z]+/[a-z0-9_]+$", name));

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

using Sip.Settings;
using Sip.Server;
using Sip.Server.Answering;
using Sip.Server.Faults;

namespace Sip.Tests.Server;

public class FaultPlanTests
{
    private static readonly FaultSettings Tenths = new()
    {
        RateLimitRate = 0.1, ServerErrorRate = 0.1, DropRate = 0.1, TimeoutRate = 0.1, TruncateRate = 0.1, NonsenseRate = 0.1,
    };

    [Theory]
    [InlineData(0.00, FaultKind.RateLimit, 0.0)]
    [InlineData(0.05, FaultKind.RateLimit, 0.5)]
    [InlineData(0.15, FaultKind.ServerError, 0.5)]
    [InlineData(0.25, FaultKind.Drop, 0.5)]
    [InlineData(0.35, FaultKind.Timeout, 0.5)]
    [InlineData(0.45, FaultKind.Truncate, 0.5)]
    [InlineData(0.575, FaultKind.Nonsense, 0.75)]
    [InlineData(0.60, FaultKind.None, 0.0)]
    [InlineData(0.99, FaultKind.None, 0.0)]
    public void Pick_TheRatesTakeTurnsFromZeroUpwards(double u, FaultKind kind, double within)
    {
        var draw = FaultPlan.Pick(Tenths, u);
        Assert.Equal(kind, draw.Kind);
        Assert.Equal(within, draw.Within, 9);
    }

    [Fact]
    public void Pick_SkipsKindsWithRateZero()
    {
        var onlyNonsense = new FaultSettings { NonsenseRate = 0.5 };
        Assert.Equal(FaultKind.Nonsense, FaultPlan.Pick(onlyNonsense, 0.0).Kind);
        Assert.Equal(FaultKind.None, FaultPlan.Pick(onlyNonsense, 0.5).Kind);
    }

    [Fact]
    public void Next_SameSeed_SameSequence_AndEachKindAtItsRate()
    {
        var settings = new FaultSettings { Seed = 42 }.Spread(0.3);
        var a = new FaultPlan(settings);
        var b = new FaultPlan(settings);
        var draws = Enumerable.Range(0, 12_000).Select(_ => a.Next()).ToList();

        Assert.Equal(draws, Enumerable.Range(0, 12_000).Select(_ => b.Next()));
        foreach (var kind in Enum.GetValues<FaultKind>().Where(k => k != FaultKind.None))
            Assert.InRange(draws.Count(d => d.Kind == kind) / 12_000.0, 0.05 - 0.01, 0.05 + 0.01); // 0.3 / 6; ±5 standard errors
        Assert.NotEqual(draws, Enumerable.Range(0, 12_000).Select(_ => new FaultPlan(settings with { Seed = 43 }).Next()).ToList());
    }

    [Fact]
    public void Spread_SharesTheTotalEvenly()
    {
        var spread = new FaultSettings().Spread(0.2);
        Assert.All(spread.Rates, r => Assert.Equal(0.2 / 6, r.Rate, 12));
        Assert.Equal(0.2, spread.TotalRate, 12);
    }

    [Fact]
    public void Validate_RatesAboveOneInTotal_OrOutOfRange_AreRefusedByName()
    {
        var problems = SettingsValidator.Problems(new ServeSettings { Faults = new FaultSettings { DropRate = 0.7, TimeoutRate = 0.6, NonsenseRate = -0.1, HoldSeconds = 0 } });
        Assert.Contains("faults.nonsenseRate: must be a share between 0 and 1, got -0.1", problems);
        Assert.Contains("faults.rates: the fault rates add up to 1.2, more than 1 (at most one fault hits a request)", problems);
        Assert.Contains("faults.holdSeconds: must be positive, got 0", problems);
    }

    [Fact]
    public void Validate_ServeSettings_NamesBadHostPortAndKeyVariable()
    {
        var problems = SettingsValidator.Problems(new ServeSettings { Host = "example.com", Port = 70000, ApiKeyVariable = "sk-abc-123" });
        Assert.Contains("host: must be an IP address or localhost, got 'example.com'", problems);
        Assert.Contains("port: must be in [0, 65535], got 70000", problems);
        Assert.Contains(problems, p => p.StartsWith("apiKeyVariable: must be the NAME", StringComparison.Ordinal) && !p.Contains("sk-abc"));
    }

    [Fact]
    public void ServeSettings_RoundTripThroughASettingsFile()
    {
        var settings = new ServeSettings { World = "w", Port = 0, Faults = new FaultSettings { LatencyMs = 50, Seed = 3 }.Spread(0.12) };
        string json = SettingsFile.ToJson(settings);
        Assert.DoesNotContain("totalRate", json);
        Assert.Equal(settings, SettingsFile.Parse<ServeSettings>(json, "serve.json"));
    }
}

using Sip.Teacher;
using Sip.World;
using Sip.World.Oracle;

namespace Sip.Tests.World.Oracle;

/// <summary>The oracle judge's draws: deterministic per request, and the noise and bias knobs act at their configured rates.</summary>
[Collection(SmallWorldCollection.Name)]
public class OracleJudgeSamplingTests(SmallWorld small)
{
    private const string Prefix = "Tavo Renkel was born in Lirra.";

    private static IReadOnlyList<double?> Samples(OracleJudge judge, JudgeRequest request) => judge.Judge(request).Samples;

    private static double Verdict(OracleJudge judge, JudgeRequest request) => Samples(judge, request)[0]!.Value;

    [Fact]
    public async Task ExactTie_IsBrokenByACoinThatDependsOnlyOnTheRequestAndSampleIndex()
    {
        var judge = new OracleJudge(HandWorld.Analyzer, new OracleJudgeSettings { Samples = 64 });
        var tie = new QualityRequest(Prefix, " He worked as a baker.", " He worked as a baker.");
        var samples = Samples(judge, tie);
        // Both answers occur (a coin, not a fixed slot) ...
        Assert.Contains(1.0, samples);
        Assert.Contains(0.0, samples);
        // ... and they are the same in a fresh judge, alone or inside a batch at any position.
        Assert.Equal(samples, Samples(new OracleJudge(HandWorld.Analyzer, new OracleJudgeSettings { Samples = 64 }), tie));
        var other = new QualityRequest(Prefix, " He loved to eat porridge.", " He loved to eat porridge.");
        var batch = await judge.JudgeAsync([other, new SafetyRequest("x"), tie]);
        Assert.Equal(samples, batch[2].Samples);
        // A different request gets its own coins.
        Assert.NotEqual(samples, batch[0].Samples);
    }

    [Fact]
    public async Task BatchAnswers_DoNotDependOnOrderOrBatching()
    {
        var judge = new OracleJudge(small.Analyzer, new OracleJudgeSettings { Samples = 3, Noise = 0.3, PositionBias = 0.2, LengthBias = 0.1, Seed = 9 });
        var requests = RequestSets.Mixed(small, 60);
        var inOrder = await judge.JudgeAsync(requests);
        var reversed = (await judge.JudgeAsync(requests.AsEnumerable().Reverse().ToList())).Reverse().ToList();
        for (int i = 0; i < requests.Count; i++)
        {
            Assert.Same(requests[i], inOrder[i].Request);
            Assert.Equal(inOrder[i].Samples, reversed[i].Samples);
            Assert.Equal(inOrder[i].Samples, judge.Judge(requests[i]).Samples);
        }
    }

    [Fact]
    public void WithoutNoiseOrBias_AllSamplesAgree()
    {
        var judge = new OracleJudge(HandWorld.Analyzer, new OracleJudgeSettings { Samples = 5 });
        var judgment = judge.Judge(new QualityRequest(Prefix, " He worked as a weaver.", " He worked as a baker."));
        Assert.Equal([0.0, 0.0, 0.0, 0.0, 0.0], judgment.Samples);
        Assert.Equal(0, judgment.Mean);
    }

    [Fact]
    public async Task Noise_FlipsTheConfiguredShareOfVerdicts_OnEveryAxis()
    {
        var requests = RequestSets.Mixed(small, 2100);
        var honest = await new OracleJudge(small.Analyzer, new OracleJudgeSettings { Seed = 3 }).JudgeAsync(requests);
        var noisy = await new OracleJudge(small.Analyzer, new OracleJudgeSettings { Seed = 3, Noise = 0.2 }).JudgeAsync(requests);
        double agreement = honest.Zip(noisy).Average(p => p.First.Samples[0] == p.Second.Samples[0] ? 1.0 : 0.0);
        // Binomial: sd = sqrt(0.2 * 0.8 / 2100) ≈ 0.0087; allow 3.5 sd.
        Assert.InRange(agreement, 0.8 - 0.031, 0.8 + 0.031);
        // Factuality noise moves to another label, never to the same one, and reaches both others.
        var factualFlips = honest.Zip(noisy).Where(p => p.First.Request is FactualityRequest && p.First.Samples[0] != p.Second.Samples[0])
            .Select(p => (p.First.Samples[0], p.Second.Samples[0])).ToList();
        Assert.Contains(factualFlips, f => f.Item1 == 1 && f.Item2 == 0);
        Assert.Contains(factualFlips, f => f.Item1 == 1 && f.Item2 == 0.5);
    }

    [Fact]
    public async Task PositionBias_MakesOptionOneWinAtTheExpectedExtraRate()
    {
        const double bias = 0.3;
        var requests = RequestSets.Quality(small, 2000);
        var honest = (await new OracleJudge(small.Analyzer).JudgeAsync(requests)).Select(j => j.Samples[0]!.Value).ToList();
        var biased = (await new OracleJudge(small.Analyzer, new OracleJudgeSettings { PositionBias = bias }).JudgeAsync(requests)).Select(j => j.Samples[0]!.Value).ToList();
        double honestRate = honest.Average();
        Assert.InRange(honestRate, 0.3, 0.7); // the set is balanced enough for the bias to show
        // Option 1 wins whenever the honest judge says so, and otherwise with probability `bias`.
        Assert.All(honest.Zip(biased), p => Assert.True(p.First == 0 || p.Second == 1));
        int honestLosses = honest.Count(h => h == 0);
        double flipped = honest.Zip(biased).Count(p => p.First == 0 && p.Second == 1) / (double)honestLosses;
        double sd = Math.Sqrt(bias * (1 - bias) / honestLosses);
        Assert.InRange(flipped, bias - 3.5 * sd, bias + 3.5 * sd);
        Assert.InRange(biased.Average(), bias + (1 - bias) * honestRate - 3.5 * sd, bias + (1 - bias) * honestRate + 3.5 * sd);
    }

    [Fact]
    public async Task LengthBias_MakesTheLongerOptionWinAtTheExpectedExtraRate()
    {
        const double bias = 0.4;
        var requests = RequestSets.Quality(small, 2000).Where(r => r.First.Length != r.Second.Length).ToList();
        var honest = (await new OracleJudge(small.Analyzer).JudgeAsync(requests)).Select(j => j.Samples[0]!.Value).ToList();
        var biased = (await new OracleJudge(small.Analyzer, new OracleJudgeSettings { LengthBias = bias }).JudgeAsync(requests)).Select(j => j.Samples[0]!.Value).ToList();
        double Longer(QualityRequest r) => r.First.Length > r.Second.Length ? 1 : 0;
        var honestShortWins = Enumerable.Range(0, requests.Count).Where(i => honest[i] != Longer(requests[i])).ToList();
        Assert.True(honestShortWins.Count > 300, $"only {honestShortWins.Count} requests where the shorter option wins");
        // Where the longer option wins honestly, it still wins; where it loses, it wins with probability `bias`.
        Assert.All(Enumerable.Range(0, requests.Count).Where(i => honest[i] == Longer(requests[i])), i => Assert.Equal(honest[i], biased[i]));
        double flipped = honestShortWins.Count(i => biased[i] == Longer(requests[i])) / (double)honestShortWins.Count;
        double sd = Math.Sqrt(bias * (1 - bias) / honestShortWins.Count);
        Assert.InRange(flipped, bias - 3.5 * sd, bias + 3.5 * sd);
    }

    [Fact]
    public async Task Seed_ChangesTheDraws_NotTheHonestVerdicts()
    {
        var requests = RequestSets.Mixed(small, 300);
        var a = await new OracleJudge(small.Analyzer, new OracleJudgeSettings { Seed = 1, Noise = 0.5 }).JudgeAsync(requests);
        var b = await new OracleJudge(small.Analyzer, new OracleJudgeSettings { Seed = 2, Noise = 0.5 }).JudgeAsync(requests);
        Assert.Contains(a.Zip(b), p => p.First.Samples[0] != p.Second.Samples[0]);
        var c = await new OracleJudge(small.Analyzer, new OracleJudgeSettings { Seed = 1 }).JudgeAsync(requests);
        var d = await new OracleJudge(small.Analyzer, new OracleJudgeSettings { Seed = 2 }).JudgeAsync(requests);
        // Only coin-broken ties may differ between seeds of a noiseless judge.
        var verdicts = new OracleVerdicts(small.Analyzer);
        foreach (var (x, y) in c.Zip(d))
            if (x.Samples[0] != y.Samples[0])
                Assert.Equal(0, verdicts.CompareQuality(((QualityRequest)x.Request).Prefix, ((QualityRequest)x.Request).First, ((QualityRequest)x.Request).Second));
    }

    [Fact]
    public void Describe_NamesTheWorldAndEverySetting()
    {
        var judge = new OracleJudge(HandWorld.Analyzer, new OracleJudgeSettings { Samples = 5, Noise = 0.1, PositionBias = 0.25, LengthBias = 0.05, Seed = 7 });
        Assert.Equal($"tinyworld-oracle-judge(world={WorldIdentity.Of(HandWorld.Kb)}, samples=5, noise=0.1, positionBias=0.25, lengthBias=0.05, seed=7)", judge.Describe);
        Assert.NotEqual(judge.Describe, new OracleJudge(HandWorld.Analyzer, judge.Settings with { Noise = 0.2 }).Describe);
        Assert.NotEqual(judge.Describe, new OracleJudge(small.Analyzer, judge.Settings).Describe);
    }

    [Theory]
    [InlineData(0, 0, 0, 0, "samples: must be at least 1")]
    [InlineData(1, 1.5, 0, 0, "noise: must be a probability")]
    [InlineData(1, 0, -0.1, 0, "positionBias: must be a probability")]
    [InlineData(1, 0, 0.6, 0.6, "lengthBias: positionBias + lengthBias must not exceed 1")]
    public void InvalidSettings_AreRefusedNamingTheSetting(int samples, double noise, double position, double length, string problem)
    {
        var settings = new OracleJudgeSettings { Samples = samples, Noise = noise, PositionBias = position, LengthBias = length };
        Assert.StartsWith(problem, Assert.Single(settings.Validate()));
        var e = Assert.Throws<SipInputException>(() => new OracleJudge(HandWorld.Analyzer, settings));
        Assert.Contains(problem, e.Message);
    }
}

using System.Text.Json;
using Sip.Tests.Training;
using Sip.Training;
using Sip.Training.Objectives;
using Sip.Training.SelfImproving;

namespace Sip.Tests.Training.SelfImproving;

/// <summary>One table says what each method needs; a run gathers exactly the candidates its method learns from.</summary>
public sealed class MethodNeedsTests(PretrainFixture fixture) : IClassFixture<PretrainFixture>
{
    private static readonly CandidatePoolSettings Configured = new() { Suffix = true, Rewrite = true, Rollouts = 8 };

    [Theory]
    [InlineData(Method.Ntp, true, false, 0)]
    [InlineData(Method.SftRewrite, false, true, 0)]
    [InlineData(Method.SftRollout, false, false, 1)]
    [InlineData(Method.DpoRewrite, false, true, 1)]
    [InlineData(Method.Dpo, true, true, 8)]
    [InlineData(Method.RfNll, true, true, 8)]
    public void AJudgeFreeMethodsPool_IsWhatItLearnsFrom_AJudgedMethodsIsTheConfiguredOne(Method method, bool suffix, bool rewrite, int rollouts)
    {
        var pool = MethodNeeds.Of(method).Pool(Configured);
        Assert.Equal((suffix, rewrite, rollouts), (pool.Suffix, pool.Rewrite, pool.Rollouts));
    }

    [Theory]
    [InlineData(Method.Ntp, false, false, false)]
    [InlineData(Method.SftRewrite, false, true, false)]
    [InlineData(Method.SftRollout, false, false, false)]
    [InlineData(Method.DpoRewrite, false, true, true)]
    [InlineData(Method.Dpo, true, false, true)]
    [InlineData(Method.RfNll, true, false, false)]
    public void EachMethod_NeedsItsJudgeTeacherAndReference(Method method, bool judge, bool teacherWithoutPooledRewrite, bool reference)
    {
        var needs = MethodNeeds.Of(method);
        var noRewrite = Configured with { Rewrite = false };
        Assert.Equal((judge, judge || teacherWithoutPooledRewrite, reference), (needs.Judge, needs.Teacher(noRewrite), needs.Reference));
    }

    [Fact]
    public void EveryMethodHasARow() => Assert.All(Enum.GetValues<Method>(), m => MethodNeeds.Of(m));

    [Theory]
    [InlineData(Method.Ntp, "suffix")]
    [InlineData(Method.SftRollout, "rollout 0")]
    public void AJudgeFreeRun_SamplesOnlyWhatItsMethodUses_WhateverThePoolSays(Method method, string only)
    {
        var settings = TinySipRuns.Settings(fixture, $"needs-{method}", method) with
        {
            Pool = new CandidatePoolSettings { Suffix = true, Rollouts = 8 }, Steps = 2, BatchSize = 3, SampleLogEvery = 1,
        };
        SipTrainer.Run(settings, null, null, new RecordingSink());

        var logged = File.ReadAllLines(Path.Combine(settings.Out, SipTrainer.SampleLogFileName)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, logged.Count);
        Assert.All(logged, l => Assert.Equal([only], l.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("kind").GetString())));
    }
}

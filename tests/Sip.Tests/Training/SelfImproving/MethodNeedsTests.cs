using System.Text.Json;
using Sip.Model;
using Sip.Tests.Training;
using Sip.Training;
using Sip.Training.Objectives;
using Sip.Training.Optimization;
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
        var settings = new SipSettings
        {
            Tokenizer = fixture.TokenizerPath, Out = Path.Combine(fixture.Root, $"needs-{method}"), Method = method,
            Model = new LlamaConfig { Dim = 32, Layers = 2, Heads = 4, KvHeads = 2, HiddenDim = 64, MaxSeqLen = 64 },
            Optim = new OptimSettings { Lr = 3e-3, WarmupSteps = 1 },
            Data = new DataSettings { Train = Path.Combine(fixture.Root, "train.jsonl"), SuffixTokens = 8, MinPrefixTokens = 8 },
            Pool = new CandidatePoolSettings { Suffix = true, Rollouts = 8 },
            Steps = 2, BatchSize = 3, MicroBatch = 8, CheckpointEvery = 100, SampleLogEvery = 1, Seed = 5,
        };
        SipTrainer.Run(settings, null, null, new RecordingSink());

        var logged = File.ReadAllLines(Path.Combine(settings.Out, SipTrainer.SampleLogFileName)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, logged.Count);
        Assert.All(logged, l => Assert.Equal([only], l.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("kind").GetString())));
    }
}

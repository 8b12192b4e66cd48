using Sip.Metrics;
using System.Text.Json;
using Sip.Teacher;
using Sip.Tests.Training;
using Sip.Training;
using Sip.Training.Objectives;
using Sip.Training.Rewards;
using Sip.Training.SelfImproving;

namespace Sip.Tests.Training.SelfImproving;

public sealed class SipTrainerTests(PretrainFixture fixture) : IClassFixture<PretrainFixture>
{
    private IReadOnlyList<string> Documents =>
        File.ReadLines(Path.Combine(fixture.Root, "train.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!).ToList();

    private SipSettings Settings(string run, Method method = Method.Dpo) => TinySipRuns.Settings(fixture, run, method);

    [Fact]
    public void AJudgeThatPrefersTheSuffix_MakesEveryStepChooseTheSuffixOverARollout()
    {
        var judge = new ScriptedJudge(Documents, preferSuffix: true);
        var settings = Settings("prefer-suffix") with { SampleLogEvery = 2 };
        var result = SipTrainer.Run(settings, judge, null, new RecordingSink());

        Assert.Equal(4, result.StepMetrics.Count);
        Assert.All(result.StepMetrics, m =>
        {
            Assert.Equal(1.0, m[MetricNames.ChosenSuffix]);
            Assert.Equal(0.0, m[MetricNames.ChosenRollout]);
            Assert.Equal(1.0, m[MetricNames.RejectedRollout]);
            Assert.Equal(0.0, m[MetricNames.SkippedAllTie]);
            Assert.Equal(4 * 6, m[MetricNames.JudgeCalls]); // C(4,2) pairs, one order each, per prefix
            Assert.Equal(4, m[MetricNames.DpoPairs]);
            Assert.Equal(1.0, m[MetricNames.ScoresChosen]);       // the suffix wins all three comparisons
            Assert.Equal(1.0, m[MetricNames.ScoresSuffix]);
            Assert.Equal(1.0 / 3, m[MetricNames.ScoresRollouts], 12); // 3 wins among 3 rollouts × 3 comparisons
        });
        Assert.Equal(4 * 4 * 6, judge.Calls);

        var logged = File.ReadAllLines(Path.Combine(settings.Out, SipTrainer.SampleLogFileName)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([2L, 4L], logged.Select(l => l.GetProperty("step").GetInt64()));
        Assert.All(logged, l =>
        {
            Assert.Equal("suffix", l.GetProperty("chosen").GetString());
            Assert.Equal(4, l.GetProperty("candidates").GetArrayLength());
            Assert.Equal(1.0, l.GetProperty("candidates")[0].GetProperty("total").GetDouble());
        });
    }

    [Fact]
    public void AJudgeThatPrefersRollouts_MakesEveryStepRejectTheSuffix()
    {
        var result = SipTrainer.Run(Settings("prefer-rollouts"), new ScriptedJudge(Documents, preferSuffix: false), null, new RecordingSink());
        Assert.All(result.StepMetrics, m =>
        {
            Assert.Equal(1.0, m[MetricNames.ChosenRollout]);
            Assert.Equal(1.0, m[MetricNames.RejectedSuffix]);
            Assert.Equal(0.0, m[MetricNames.ScoresRejected]);
        });
    }

    [Fact]
    public void RfNllOnAJudgeThatAlwaysPicksTheSuffix_IsExactlyNtpOnTheSuffix()
    {
        var rf = SipTrainer.Run(Settings("rf-nll", Method.RfNll), new ScriptedJudge(Documents, preferSuffix: true), null, new RecordingSink());
        var ntp = SipTrainer.Run(Settings("ntp-suffix", Method.Ntp) with { NtpLoss = LossSpan.Suffix }, null, null, new RecordingSink());
        Assert.Equal(ntp.Losses, rf.Losses);
    }

    [Fact]
    public void ARunStoppedAndResumed_MatchesTheUninterruptedOne()
    {
        var straight = SipTrainer.Run(Settings("dpo-straight"), new ScriptedJudge(Documents, false), null, new RecordingSink());

        var settings = Settings("dpo-resumed") with { Dpo = new DpoSettings { ReferenceSyncEvery = 2 } };
        var reference = SipTrainer.Run(Settings("dpo-sync") with { Dpo = new DpoSettings { ReferenceSyncEvery = 2 } }, new ScriptedJudge(Documents, false), null, new RecordingSink());
        var first = SipTrainer.Run(settings, new ScriptedJudge(Documents, false), null, new RecordingSink(), stopAfterStep: 3);
        var second = SipTrainer.Run(settings, new ScriptedJudge(Documents, false), null, new RecordingSink());

        Assert.Equal(3, second.FirstStep);
        Assert.Empty(second.SettingsChanged);
        Assert.Equal(reference.Losses, first.Losses.Concat(second.Losses));
        Assert.Equal(reference.StepMetrics[^1][MetricNames.Kl], second.StepMetrics[^1][MetricNames.Kl]);
        Assert.NotEqual(straight.Losses[^1], reference.Losses[^1]); // the reference sync mattered, so it was restored, not re-derived
    }

    [Fact]
    public void TheBestAndWorstPlan_ChoosesAsAllPairsDoesForAConsistentJudge_WithFewerCalls_AndResumesExactly()
    {
        var rewards = new RewardSettings { Comparison = QualityComparison.BestWorst };
        var straight = SipTrainer.Run(Settings("bw-straight") with { Rewards = rewards }, new ScriptedJudge(Documents, true), null, new RecordingSink());
        var settings = Settings("bw-resumed") with { Rewards = rewards };
        var first = SipTrainer.Run(settings, new ScriptedJudge(Documents, true), null, new RecordingSink(), stopAfterStep: 2);
        var second = SipTrainer.Run(settings, new ScriptedJudge(Documents, true), null, new RecordingSink());

        Assert.All(straight.StepMetrics, m =>
        {
            Assert.Equal(1.0, m[MetricNames.ChosenSuffix]);                 // as under all pairs: the suffix beats every rollout
            Assert.Equal(4 * (4 + 2 - 2), m[MetricNames.JudgeCalls]);       // m + ⌈m/2⌉ − 2 per prefix, against C(4,2) = 6
            Assert.Equal(2, m[MetricNames.JudgeRounds]);
            Assert.Equal(m[MetricNames.JudgeCalls], m[MetricNames.BracketMatches]);
            Assert.Equal(0, m[MetricNames.BracketRejudged]);
        });
        Assert.Equal(straight.Losses, first.Losses.Concat(second.Losses));
    }

    [Fact]
    public void AResumedRun_LogsEachStepsSampleOnce()
    {
        // A crash after the step-2 checkpoint, once steps 3 and 4 were logged (the last line torn): the resumed run
        // redoes them, so their old lines go.
        var settings = Settings("samples-resumed") with { SampleLogEvery = 1 };
        SipTrainer.Run(settings, new ScriptedJudge(Documents, false), null, new RecordingSink(), stopAfterStep: 2);
        var log = Path.Combine(settings.Out, SipTrainer.SampleLogFileName);
        File.AppendAllText(log, "{\"step\":3,\"prefix\":\"lost\"}\n{\"step\":4,\"prefix\":\"lo");
        SipTrainer.Run(settings, new ScriptedJudge(Documents, false), null, new RecordingSink());

        var steps = File.ReadLines(log).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt64()).ToList();
        Assert.Equal([1L, 2L, 3L, 4L], steps);
        Assert.DoesNotContain("lost", File.ReadAllText(log));
    }

    [Fact]
    public void AStopRequestedWhileTheJudgeWorks_FinishesTheStepAndKeepsIt()
    {
        // Ctrl+C arrives while the first step waits on a (remote, slow) judge: the step must still complete and be
        // checkpointed, not be thrown away with a cancelled judge call.
        using var stop = new CancellationTokenSource();
        var judge = new StopDuringJudging(new ScriptedJudge(Documents, false), stop);
        var settings = Settings("stop-while-judging");
        var result = SipTrainer.Run(settings, judge, null, new RecordingSink(), cancellation: stop.Token);

        Assert.Single(result.Losses);
        Assert.EndsWith("step-0000001", result.LastCheckpoint);
    }

    private sealed class StopDuringJudging(IJudge inner, CancellationTokenSource stop) : IJudge
    {
        public string Describe => inner.Describe;

        public async Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default)
        {
            stop.Cancel();
            await Task.Delay(20, cancellation); // a judge that honours its token, as the chat teacher does
            return await inner.JudgeAsync(requests, cancellation);
        }
    }

    [Fact]
    public void ACheckpointWithACorruptGeneratorState_IsRefusedNamingItsFile()
    {
        var settings = Settings("corrupt-rng");
        var first = SipTrainer.Run(settings, new ScriptedJudge(Documents, false), null, new RecordingSink(), stopAfterStep: 1);
        var stateFile = Path.Combine(first.LastCheckpoint, "trainer.json");
        var state = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(stateFile))!.AsObject();
        var key = state.Select(p => p.Key).Single(k => k.Equals("rolloutGenerator", StringComparison.OrdinalIgnoreCase));
        state[key] = "bm90IGEgZ2VuZXJhdG9y"; // valid base64, but not a generator's state
        File.WriteAllText(stateFile, state.ToJsonString());

        var error = Assert.Throws<SipInputException>(() => SipTrainer.Run(settings, new ScriptedJudge(Documents, false), null, new RecordingSink()));
        Assert.Equal(stateFile, error.Location);
        Assert.Contains("rolloutGenerator", error.Message);
    }

    [Fact]
    public void ResumingWithAnotherLearningRate_IsReported()
    {
        var settings = Settings("changed-lr");
        SipTrainer.Run(settings, new ScriptedJudge(Documents, false), null, new RecordingSink(), stopAfterStep: 1);
        var resumed = SipTrainer.Run(settings with { Optim = settings.Optim with { Lr = 1e-3 }, Steps = 3 }, new ScriptedJudge(Documents, false), null, new RecordingSink());

        var change = Assert.Single(resumed.SettingsChanged); // steps may change: extending a run is bookkeeping
        Assert.StartsWith("optim.lr", change, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void InBf16_TheReferenceIsTheReplicasRounding_SoTheFirstStepsKlIsExactlyZero()
    {
        // Before the first update the policy is the reference; scored in the same dtype, every log-ratio is 0.
        var settings = Settings("dpo-bf16") with { Precision = Precision.Bf16, Steps = 2 };
        var result = SipTrainer.Run(settings, new ScriptedJudge(Documents, preferSuffix: false), null, new RecordingSink());

        Assert.Equal(0.0, result.StepMetrics[0][MetricNames.Kl]);
        Assert.Equal(0.0, result.StepMetrics[0][MetricNames.RewardsChosen]);
        Assert.Equal(0.0, result.StepMetrics[0][MetricNames.RewardsRejected]);
        Assert.NotEqual(0.0, result.StepMetrics[1][MetricNames.Kl]);
    }

    [Fact]
    public void OverlappedSteps_JudgeEveryBatchOnce_AndResumeExactlyFromAPeriodicCheckpoint()
    {
        var sync = SipTrainer.Run(Settings("sync"), new ScriptedJudge(Documents, false), null, new RecordingSink());
        var settings = Settings("overlap") with { Overlap = true, CheckpointEvery = 2 };
        var straight = SipTrainer.Run(settings, new ScriptedJudge(Documents, false), null, new RecordingSink());
        var resumedSettings = settings with { Out = Path.Combine(fixture.Root, "overlap-resumed") };
        var first = SipTrainer.Run(resumedSettings, new ScriptedJudge(Documents, false), null, new RecordingSink(), stopAfterStep: 2);
        var second = SipTrainer.Run(resumedSettings, new ScriptedJudge(Documents, false), null, new RecordingSink());

        Assert.Equal(sync.StepMetrics.Select(m => m[MetricNames.JudgeCalls]), straight.StepMetrics.Select(m => m[MetricNames.JudgeCalls]));
        Assert.Equal(sync.Losses[0], straight.Losses[0]);      // the first batch is on-policy either way
        Assert.Equal(straight.Losses, first.Losses.Concat(second.Losses));
    }

    [Fact]
    public void ResumingWithADifferentJudge_IsRefused()
    {
        var settings = Settings("judge-swap");
        SipTrainer.Run(settings, new ScriptedJudge(Documents, true), null, new RecordingSink(), stopAfterStep: 1);
        var error = Assert.Throws<SipInputException>(() => SipTrainer.Run(settings, new ScriptedJudge(Documents, false), null, new RecordingSink()));
        Assert.Contains("another judge", error.Message);
    }

    [Fact]
    public void Baselines_TrainWithoutAJudge_AndAFailedRewriteIsCountedNotFaked()
    {
        var rewriter = new FlakyRewriter(failEvery: 2);
        var sft = SipTrainer.Run(Settings("sft-rewrite", Method.SftRewrite), null, rewriter, new RecordingSink());
        Assert.All(sft.StepMetrics, m => Assert.Equal(2, m[MetricNames.RewriteFailures]));

        var dpoRewrite = SipTrainer.Run(Settings("dpo-rewrite", Method.DpoRewrite), null, new FlakyRewriter(failEvery: 2), new RecordingSink());
        Assert.All(dpoRewrite.StepMetrics, m => Assert.Equal(2, m[MetricNames.DpoPairs]));

        var sftRollout = SipTrainer.Run(Settings("sft-rollout", Method.SftRollout), null, null, new RecordingSink());
        Assert.Equal(4, sftRollout.Losses.Count);
    }

    [Fact]
    public void AMethodThatNeedsAJudge_RefusesToStartWithoutOne()
    {
        var error = Assert.Throws<SipInputException>(() => SipTrainer.Run(Settings("no-judge"), null, null, new RecordingSink()));
        Assert.Contains("needs a judge", error.Message);
    }

    /// <summary>Copies the suffix in upper case; every <c>failEvery</c>-th request fails (null), as a rewriter out of retries does.</summary>
    private sealed class FlakyRewriter(int failEvery) : IRewriter
    {
        private int _calls;
        public string Describe => "flaky-upper";

        public Task<IReadOnlyList<Rewrite>> RewriteAsync(IReadOnlyList<RewriteRequest> requests, CancellationToken cancellation = default) =>
            Task.FromResult<IReadOnlyList<Rewrite>>(requests.Select(r => new Rewrite(r, ++_calls % failEvery == 0 ? null : r.Suffix.ToUpperInvariant(), TimeSpan.Zero)).ToList());
    }
}

namespace Sip.Training.SelfImproving;

/// <summary>Metric names the SIP trainer adds to the reward statistics (docs/metrics.md lists them all).</summary>
public static class SipTrainerMetricNames
{
    public const string DpoAccuracy = "rewards/accuracies";
    public const string RewardsRollouts = "rewards/rollouts";
    public const string RewardsSuffix = "rewards/suffix";
    public const string ImplicitRewardChosen = "dpo/implicit_reward_chosen";
    public const string ImplicitRewardRejected = "dpo/implicit_reward_rejected";
    public const string DpoPairs = "dpo/pairs";
    public const string LogpsChosen = "logps/chosen";
    public const string LogpsRejected = "logps/rejected";
    public const string Kl = "objective/kl";
    public const string JudgeCalls = "judge/calls";
    public const string JudgeSamples = "judge/samples";
    public const string JudgeLatencyMs = "judge/latency_ms";
    public const string RewriteFailures = "rewrite/failures";
    public const string TimeRolloutSeconds = "time/rollout_s";
    public const string TimeJudgeSeconds = "time/judge_s";
    public const string TimeUpdateSeconds = "time/update_s";
    public const string TimeStepSeconds = Sip.Metrics.MetricNames.TimeStepSeconds;

    public static IReadOnlyList<string> All { get; } =
    [
        DpoAccuracy, RewardsRollouts, RewardsSuffix, ImplicitRewardChosen, ImplicitRewardRejected, DpoPairs, LogpsChosen, LogpsRejected, Kl,
        JudgeCalls, JudgeSamples, JudgeLatencyMs, RewriteFailures, TimeRolloutSeconds, TimeJudgeSeconds, TimeUpdateSeconds,
    ];
}

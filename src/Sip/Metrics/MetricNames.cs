namespace Sip.Metrics;

/// <summary>
/// The catalogue of every metric name sip logs, one constant per row of docs/metrics.md (a test keeps the two in step).
/// Convention: lowercase <c>area/name</c>, as TRL does, so dashboards and comparisons survive refactors. Where TRL has
/// a name, it means here what it means in TRL: <c>rewards/*</c> are DPO's implicit rewards β·(log πθ − log πref);
/// the judge's rewards r are <c>scores/*</c>.
/// </summary>
public static class MetricNames
{
    // ---- Every trainer (the run skeleton) ----
    /// <summary>The step's loss: mean NLL per counted token (NTP, RF-NLL, SFT) or the DPO loss.</summary>
    public const string TrainLoss = "train/loss";
    /// <summary>Learning rate used for the step.</summary>
    public const string TrainLearningRate = "train/lr";
    /// <summary>Global L2 norm of the gradient before clipping.</summary>
    public const string TrainGradNorm = "train/grad_norm";
    /// <summary>Wall seconds of the whole step, optimizer included.</summary>
    public const string TimeStepSeconds = "time/step_s";

    // ---- Pretraining ----
    /// <summary>Training tokens processed per wall-clock second over the logging interval.</summary>
    public const string TrainTokensPerSecond = "train/tokens_per_sec";
    /// <summary>Cumulative training tokens since the start of the run (carried over on resume).</summary>
    public const string TrainTokensSeen = "train/tokens_seen";
    /// <summary>Mean cross-entropy (nats per token) on the validation set.</summary>
    public const string ValLoss = "val/loss";
    /// <summary>Validation perplexity, exp(val/loss).</summary>
    public const string ValPerplexity = "val/ppl";
    /// <summary>Cumulative documents skipped for being too short to split into prefix and suffix.</summary>
    public const string DataDocsSkippedTooShort = "data/docs_skipped_too_short";
    /// <summary>Cumulative input records skipped as malformed.</summary>
    public const string DataRecordsSkippedBad = "data/records_skipped_bad";
    /// <summary>Cumulative documents left out for holding no span of the anchor kinds (data.anchorKinds).</summary>
    public const string DataDocsSkippedUnanchored = "data/docs_skipped_unanchored";
    /// <summary>Cumulative documents left out because no allowed cut reaches their anchor spans.</summary>
    public const string DataDocsSkippedAnchorOutOfReach = "data/docs_skipped_anchor_out_of_reach";

    // ---- A self-improving step's selections (StepStatistics) ----
    /// <summary>Fraction of the step's selected prefixes whose chosen candidate is the original suffix.</summary>
    public const string ChosenSuffix = "curriculum/chosen_suffix";
    /// <summary>Fraction of the step's selected prefixes whose chosen candidate is the rewrite.</summary>
    public const string ChosenRewrite = "curriculum/chosen_rewrite";
    /// <summary>Fraction of the step's selected prefixes whose chosen candidate is a rollout (the paper's Fig. 8 curve).</summary>
    public const string ChosenRollout = "curriculum/chosen_rollout";
    /// <summary>Fraction of the step's preference pairs whose rejected candidate is the original suffix.</summary>
    public const string RejectedSuffix = "curriculum/rejected_suffix";
    /// <summary>Fraction of the step's preference pairs whose rejected candidate is the rewrite.</summary>
    public const string RejectedRewrite = "curriculum/rejected_rewrite";
    /// <summary>Fraction of the step's preference pairs whose rejected candidate is a rollout.</summary>
    public const string RejectedRollout = "curriculum/rejected_rollout";
    /// <summary>Mean judge reward r of the chosen candidates.</summary>
    public const string ScoresChosen = "scores/chosen";
    /// <summary>Mean judge reward r of the rejected candidates.</summary>
    public const string ScoresRejected = "scores/rejected";
    /// <summary>Mean of r(chosen) − r(rejected) over the step's preference pairs.</summary>
    public const string ScoresMargins = "scores/margins";
    /// <summary>Prefixes of the step skipped because all their valid candidates tied.</summary>
    public const string SkippedAllTie = "select/skipped_all_tie";
    /// <summary>Prefixes of the step skipped because too few candidates had a reward.</summary>
    public const string SkippedTooFewValid = "select/skipped_too_few_valid";
    /// <summary>Judge samples of the step that were unusable (parse failure, timeout, error).</summary>
    public const string JudgeInvalidSamples = "judge/invalid_samples";
    /// <summary>Quality pairs of the step without a single valid sample.</summary>
    public const string JudgeInvalidPairs = "judge/invalid_pairs";
    /// <summary>Best-and-worst plan: quality matches the step's brackets played.</summary>
    public const string BracketMatches = "bracket/matches";
    /// <summary>Best-and-worst plan: matches asked in the other order too (the first answer was close or unusable).</summary>
    public const string BracketRejudged = "bracket/rejudged";
    /// <summary>Best-and-worst plan: matches that tied after both orders, decided by a coin.</summary>
    public const string BracketCoinDecisions = "bracket/coin_decisions";
    /// <summary>Best-and-worst plan: matches without a valid sample (both candidates left the bracket).</summary>
    public const string BracketVoidMatches = "bracket/void_matches";
    /// <summary>Best-and-worst plan: matches of a chosen or rejected candidate decided by one valid sample.</summary>
    public const string BracketSingleSampleDecisions = "bracket/single_sample_decisions";
    /// <summary>Best-and-worst plan: lower levels' champions that beat the top one (or higher levels' bottoms that lost to the bottom one).</summary>
    public const string BracketOverturns = "bracket/overturns";
    /// <summary>Mean token length of the chosen candidates.</summary>
    public const string LengthsChosen = "lengths/chosen";
    /// <summary>Mean token length of the rejected candidates.</summary>
    public const string LengthsRejected = "lengths/rejected";

    // ---- The SIP trainer ----
    /// <summary>Mean judge reward r of the step's rollouts, whichever candidate wins.</summary>
    public const string ScoresRollouts = "scores/rollouts";
    /// <summary>Mean judge reward r of the step's original suffixes.</summary>
    public const string ScoresSuffix = "scores/suffix";
    /// <summary>TRL's: mean β·(log πθ(y_w) − log πref(y_w)) over the step's DPO pairs.</summary>
    public const string RewardsChosen = "rewards/chosen";
    /// <summary>TRL's: mean β·(log πθ(y_l) − log πref(y_l)).</summary>
    public const string RewardsRejected = "rewards/rejected";
    /// <summary>TRL's: mean of rewards/chosen − rewards/rejected.</summary>
    public const string RewardsMargins = "rewards/margins";
    /// <summary>TRL's: share of DPO pairs whose chosen has the higher implicit reward.</summary>
    public const string RewardsAccuracies = "rewards/accuracies";
    public const string DpoPairs = "dpo/pairs";
    public const string LogpsChosen = "logps/chosen";
    public const string LogpsRejected = "logps/rejected";
    public const string Kl = "objective/kl";
    public const string JudgeCalls = "judge/calls";
    public const string JudgeSamples = "judge/samples";
    public const string JudgeLatencyMs = "judge/latency_ms";
    /// <summary>Batches the step's judging sent (1 for all pairs and the pivot; a bracket's rounds otherwise).</summary>
    public const string JudgeRounds = "judge/rounds";
    public const string RewriteFailures = "rewrite/failures";
    public const string TimeRolloutSeconds = "time/rollout_s";
    public const string TimeJudgeSeconds = "time/judge_s";
    public const string TimeUpdateSeconds = "time/update_s";

    // ---- The GRPO trainer: TRL's GRPOTrainer names, bare ones included ----
    /// <summary>TRL's: mean reward of the step's completions.</summary>
    public const string Reward = "reward";
    /// <summary>TRL's: mean over prompts of the standard deviation of their group's rewards.</summary>
    public const string RewardStd = "reward_std";
    /// <summary>TRL's: share of groups whose rewards are all equal (advantage 0: they teach nothing).</summary>
    public const string FracRewardZeroStd = "frac_reward_zero_std";
    /// <summary>Completions the reward function could not read (an unparseable verdict), scored 0 and counted.</summary>
    public const string CompletionsUnscored = "completions/unscored";
    /// <summary>TRL's: mean completion length in tokens.</summary>
    public const string CompletionsMeanLength = "completions/mean_length";
    public const string CompletionsMinLength = "completions/min_length";
    public const string CompletionsMaxLength = "completions/max_length";
    /// <summary>TRL's: share of completions that hit the token limit before their stop token.</summary>
    public const string CompletionsClippedRatio = "completions/clipped_ratio";
    /// <summary>TRL's: mean length of the completions that ended with their stop token (0 when none did).</summary>
    public const string CompletionsMeanTerminatedLength = "completions/mean_terminated_length";
    public const string CompletionsMinTerminatedLength = "completions/min_terminated_length";
    public const string CompletionsMaxTerminatedLength = "completions/max_terminated_length";
    /// <summary>TRL's: mean per-token k3 estimate of KL(πθ‖πref); logged when beta is above 0.</summary>
    public const string GrpoKl = "kl";
    /// <summary>TRL's: mean entropy (nats) of the policy's next-token distribution over counted completion tokens.</summary>
    public const string Entropy = "entropy";
    /// <summary>TRL's: share of counted tokens whose ratio fell below 1 − ε with a negative advantage (clipped).</summary>
    public const string ClipRatioLowMean = "clip_ratio/low_mean";
    /// <summary>TRL's: share of counted tokens whose ratio rose above 1 + ε_high with a positive advantage.</summary>
    public const string ClipRatioHighMean = "clip_ratio/high_mean";
    /// <summary>TRL's: share of counted tokens clipped either way.</summary>
    public const string ClipRatioRegionMean = "clip_ratio/region_mean";
    /// <summary>TRL's: cumulative prompt and completion tokens sampled since the start of the run.</summary>
    public const string NumTokens = "num_tokens";
    /// <summary>Wall seconds the step spent in the reward function.</summary>
    public const string TimeRewardSeconds = "time/reward_s";

    // ---- SFT (TRL's SFTTrainer names) ----
    /// <summary>TRL's: share of counted answer tokens whose most likely token is the target.</summary>
    public const string MeanTokenAccuracy = "mean_token_accuracy";
    /// <summary>The same share on the validation examples.</summary>
    public const string ValMeanTokenAccuracy = "val/mean_token_accuracy";

    // ---- A chat teacher's transport and cache (cumulative since the teacher was created) ----
    public const string JudgeArea = "judge";
    public const string RewriteArea = "rewrite";
    public const string JudgeCacheHits = "judge/cache_hits";
    /// <summary>An audited judge (teacher.auditWorld): its verdicts that matched the oracle's, cumulative.</summary>
    public const string JudgeAuditAgreed = "judge/audit_agreed";
    /// <summary>An audited judge: its valid verdicts compared with the oracle's, cumulative.</summary>
    public const string JudgeAuditCompared = "judge/audit_compared";
    /// <summary>An audited judge: its answers without a valid sample, left out of the comparison, cumulative.</summary>
    public const string JudgeAuditInvalid = "judge/audit_invalid";
    public const string JudgeCacheMisses = "judge/cache_misses";
    public const string JudgeRequests = "judge/requests";
    public const string JudgeRetries = "judge/retries";
    public const string JudgeTimeouts = "judge/timeouts";
    public const string JudgeFailedCalls = "judge/failed_calls";
    public const string JudgeCircuitOpens = "judge/circuit_opens";
    public const string JudgeUnparsed = "judge/unparsed";
    public const string JudgeTruncated = "judge/truncated";
    public const string RewriteCacheHits = "rewrite/cache_hits";
    public const string RewriteCacheMisses = "rewrite/cache_misses";
    public const string RewriteRequests = "rewrite/requests";
    public const string RewriteRetries = "rewrite/retries";
    public const string RewriteTimeouts = "rewrite/timeouts";
    public const string RewriteFailedCalls = "rewrite/failed_calls";
    public const string RewriteCircuitOpens = "rewrite/circuit_opens";
    public const string RewriteUnparsed = "rewrite/unparsed";
    public const string RewriteTruncated = "rewrite/truncated";

    /// <summary>What every trainer writes (the run skeleton).</summary>
    public static IReadOnlyList<string> EveryTrainer { get; } = [TrainLoss, TrainLearningRate, TrainGradNorm, TimeStepSeconds];

    /// <summary>What pretraining adds.</summary>
    public static IReadOnlyList<string> Pretraining { get; } =
        [TrainTokensPerSecond, TrainTokensSeen, ValLoss, ValPerplexity];

    /// <summary>The sample stream's counters, which pretraining and the SIP trainer write (the anchor counters stay 0 without data.anchorKinds).</summary>
    public static IReadOnlyList<string> Data { get; } =
        [DataDocsSkippedTooShort, DataRecordsSkippedBad, DataDocsSkippedUnanchored, DataDocsSkippedAnchorOutOfReach];

    /// <summary>A SIP step's selection statistics (StepStatistics).</summary>
    public static IReadOnlyList<string> Selection { get; } =
    [
        ChosenSuffix, ChosenRewrite, ChosenRollout, RejectedSuffix, RejectedRewrite, RejectedRollout,
        ScoresChosen, ScoresRejected, ScoresMargins, SkippedAllTie, SkippedTooFewValid, JudgeInvalidSamples, JudgeInvalidPairs, LengthsChosen, LengthsRejected,
    ];

    /// <summary>What the selection statistics add under the best-and-worst plan (rewards.comparison bestWorst).</summary>
    public static IReadOnlyList<string> Bracket { get; } =
        [BracketMatches, BracketRejudged, BracketCoinDecisions, BracketVoidMatches, BracketSingleSampleDecisions, BracketOverturns];

    /// <summary>What the SIP trainer adds to the selection statistics.</summary>
    public static IReadOnlyList<string> SipTrainer { get; } =
    [
        ScoresRollouts, ScoresSuffix, RewardsChosen, RewardsRejected, RewardsMargins, RewardsAccuracies, DpoPairs, LogpsChosen, LogpsRejected, Kl,
        JudgeCalls, JudgeSamples, JudgeLatencyMs, JudgeRounds, RewriteFailures, TimeRolloutSeconds, TimeJudgeSeconds, TimeUpdateSeconds,
    ];

    /// <summary>
    /// What the GRPO trainer adds (it also writes time/rollout_s and time/update_s). Each reward function adds
    /// <c>rewards/{name}/mean</c> and <c>rewards/{name}/std</c>, as in TRL.
    /// </summary>
    public static IReadOnlyList<string> Grpo { get; } =
    [
        Reward, RewardStd, FracRewardZeroStd, CompletionsUnscored, CompletionsMeanLength, CompletionsMinLength, CompletionsMaxLength,
        CompletionsClippedRatio, CompletionsMeanTerminatedLength, CompletionsMinTerminatedLength, CompletionsMaxTerminatedLength,
        GrpoKl, Entropy, ClipRatioLowMean, ClipRatioHighMean, ClipRatioRegionMean, NumTokens, TimeRewardSeconds,
    ];

    /// <summary>A reward function's own statistic (<c>mean</c> or <c>std</c>), TRL's <c>rewards/{name}/{stat}</c>.</summary>
    public static string RewardFunction(string name, string stat) => $"rewards/{name}/{stat}";

    /// <summary>A chat teacher's transport and cache counters, judge then rewriter.</summary>
    public static IReadOnlyList<string> Teacher { get; } =
    [
        JudgeCacheHits, JudgeCacheMisses, JudgeRequests, JudgeRetries, JudgeTimeouts, JudgeFailedCalls, JudgeCircuitOpens, JudgeUnparsed, JudgeTruncated,
        RewriteCacheHits, RewriteCacheMisses, RewriteRequests, RewriteRetries, RewriteTimeouts, RewriteFailedCalls, RewriteCircuitOpens, RewriteUnparsed, RewriteTruncated,
    ];

    /// <summary>What an audited judge adds (teacher.auditWorld), cumulative like the teacher's counters.</summary>
    public static IReadOnlyList<string> Audit { get; } = [JudgeAuditAgreed, JudgeAuditCompared, JudgeAuditInvalid];

    /// <summary>Every name of the catalogue, for documentation checks.</summary>
    public static IReadOnlyList<string> All { get; } = [.. EveryTrainer, .. Pretraining, .. Data, .. Selection, .. Bracket, .. SipTrainer, .. Grpo, .. Teacher, .. Audit];
}

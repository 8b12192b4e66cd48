using Sip.Training;
using Sip.Teacher;
using Sip.Training.Rewards;

namespace Sip.Tests.Training.Rewards;

/// <summary>Small candidate pools and settings shorthands for the reward tests.</summary>
internal static class Pools
{
    public const string Prefix = "The river rises in the";
    public const string Reference = "north and flows south.";

    public static Candidate Suffix(string text, int tokens = 4) => new(CandidateKind.Suffix, new int[tokens], text);

    public static Candidate Rewrite(string text, int tokens = 4) => new(CandidateKind.Rewrite, new int[tokens], text);

    public static Candidate Rollout(string text, int index = 0, int tokens = 4) => new(CandidateKind.Rollout, new int[tokens], text) { Index = index };

    /// <summary>Rollouts whose texts are the given labels.</summary>
    public static Candidate[] Rollouts(params string[] texts) => texts.Select((t, i) => Rollout(t, i)).ToArray();

    public static RewardSettings With(RewardSetting setting = RewardSetting.Quality, QualityComparison comparison = QualityComparison.AllPairs, PairOrder order = PairOrder.Fixed) =>
        new() { Setting = setting, Comparison = comparison, Order = order };

    public static JudgePlan Plan(IReadOnlyList<Candidate> pool, RewardSettings settings, ulong seed = 1, string? reference = Reference) =>
        JudgePlan.Build(Prefix, reference, pool, settings, new Rng(seed));

    public static PrefixRewards Score(IReadOnlyList<Candidate> pool, RewardSettings settings, VerdictTable judge, ulong seed = 1)
    {
        var plan = Plan(pool, settings, seed);
        return RewardAggregator.Aggregate(plan, judge.Answer(plan));
    }

    /// <summary>Rewards written down directly (total only), for selection and statistics tests.</summary>
    public static PrefixRewards Rewarded(params (Candidate Candidate, double? Total)[] pool) => RewardedWith(0, pool);

    public static PrefixRewards RewardedWith(int invalidSamples, params (Candidate Candidate, double? Total)[] pool) =>
        new(pool.Select((c, i) => new CandidateRewards(i, c.Candidate, c.Total, null, null, c.Total)).ToArray(), [], invalidSamples);
}

using Sip.Metrics;

namespace Sip.Training.Grpo;

/// <summary>A GRPO step's metrics under TRL's names (<see cref="MetricNames.Grpo"/>), from its sampled batch and its update.</summary>
public static class GrpoMetrics
{
    public static Dictionary<string, double> Of(GrpoBatch batch, GrpoStep.UpdateStats update, string rewardName, double beta)
    {
        var rewards = batch.Rewards.Select(r => r.Value).ToArray();
        int groups = rewards.Length / batch.Group;
        double stdSum = 0;
        int zeroStd = 0;
        for (int p = 0; p < groups; p++)
        {
            var (_, std) = GroupAdvantages.MeanAndStd(rewards, p * batch.Group, batch.Group);
            stdSum += std;
            if (std < 1e-12) zeroStd++;
        }
        var lengths = batch.Completions.Select(c => (double)c.Tokens.Length).ToArray();
        var terminated = batch.Completions.Where(c => !c.Truncated).Select(c => (double)c.Tokens.Length).ToArray();
        double tokens = Math.Max(1, update.Tokens);
        var metrics = new Dictionary<string, double>
        {
            [MetricNames.Reward] = rewards.Average(),
            [MetricNames.RewardStd] = stdSum / groups,
            [MetricNames.FracRewardZeroStd] = (double)zeroStd / groups,
            [MetricNames.RewardFunction(rewardName, "mean")] = rewards.Average(),
            [MetricNames.RewardFunction(rewardName, "std")] = SampleStd(rewards),
            [MetricNames.CompletionsUnscored] = batch.Rewards.Count(r => r.Unscored),
            [MetricNames.CompletionsMeanLength] = lengths.Average(),
            [MetricNames.CompletionsMinLength] = lengths.Min(),
            [MetricNames.CompletionsMaxLength] = lengths.Max(),
            [MetricNames.CompletionsClippedRatio] = batch.Completions.Count(c => c.Truncated) / (double)batch.Completions.Count,
            [MetricNames.CompletionsMeanTerminatedLength] = terminated.Length > 0 ? terminated.Average() : 0,
            [MetricNames.CompletionsMinTerminatedLength] = terminated.Length > 0 ? terminated.Min() : 0,
            [MetricNames.CompletionsMaxTerminatedLength] = terminated.Length > 0 ? terminated.Max() : 0,
            [MetricNames.Entropy] = update.EntropySum / tokens,
            [MetricNames.ClipRatioLowMean] = update.LowClipped / tokens,
            [MetricNames.ClipRatioHighMean] = update.HighClipped / tokens,
            [MetricNames.ClipRatioRegionMean] = (update.LowClipped + update.HighClipped) / tokens,
        };
        if (beta > 0) metrics[MetricNames.GrpoKl] = update.KlSum / tokens;
        return metrics;
    }

    /// <summary>Bessel-corrected standard deviation, as <c>torch.std</c> (TRL's rewards/{name}/std).</summary>
    private static double SampleStd(double[] values)
    {
        if (values.Length < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }
}

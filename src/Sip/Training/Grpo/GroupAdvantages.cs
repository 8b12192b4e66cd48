namespace Sip.Training.Grpo;

/// <summary>Group-relative advantages: each completion's reward against the other completions of its prompt.</summary>
public static class GroupAdvantages
{
    /// <summary>Added to a group's standard deviation (as TRL and DeepSeekMath do) so a near-uniform group does not explode.</summary>
    public const double StdEpsilon = 1e-4;

    /// <summary>
    /// Advantages of <paramref name="rewards"/> laid out prompt-major (prompt p's completion g at p·G + g), one per
    /// completion. A group whose rewards are all equal gets advantage 0 everywhere: it teaches nothing.
    /// </summary>
    public static double[] Compute(IReadOnlyList<double> rewards, int group, GrpoVariant variant)
    {
        if (group < 1) throw new ArgumentOutOfRangeException(nameof(group), "a group holds at least one completion");
        if (rewards.Count % group != 0) throw new ArgumentException($"{rewards.Count} rewards do not split into groups of {group}", nameof(rewards));
        var advantages = new double[rewards.Count];
        for (int start = 0; start < rewards.Count; start += group)
        {
            var (mean, std) = MeanAndStd(rewards, start, group);
            for (int g = 0; g < group; g++)
            {
                double centred = rewards[start + g] - mean;
                advantages[start + g] = variant == GrpoVariant.Grpo ? centred / (std + StdEpsilon) : centred;
            }
        }
        return advantages;
    }

    /// <summary>Mean and sample standard deviation (Bessel-corrected; 0 for a group of one) of one group.</summary>
    public static (double Mean, double Std) MeanAndStd(IReadOnlyList<double> rewards, int start, int group)
    {
        double mean = 0;
        for (int g = 0; g < group; g++) mean += rewards[start + g];
        mean /= group;
        if (group < 2) return (mean, 0);
        double squares = 0;
        for (int g = 0; g < group; g++) squares += (rewards[start + g] - mean) * (rewards[start + g] - mean);
        return (mean, Math.Sqrt(squares / (group - 1)));
    }
}

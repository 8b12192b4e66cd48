namespace Sip.Evaluation;

/// <summary>A mean with its percentile-bootstrap confidence interval over evaluation prefixes.</summary>
public sealed record Estimate(double Mean, double Low, double High, int Count)
{
    public override string ToString() => $"{Mean:F1} [{Low:F1}, {High:F1}]";

    /// <summary>The same estimate times <paramref name="factor"/> (e.g. 100 for percentages).</summary>
    public Estimate Scale(double factor) => new(Mean * factor, Low * factor, High * factor, Count);
}

/// <summary>
/// Percentile bootstrap over prefixes (Efron): resample the per-prefix values with replacement, take the mean each
/// time, report the (α/2, 1−α/2) quantiles. Seeded, so a report is reproducible.
/// </summary>
public static class Bootstrap
{
    public static Estimate Mean(IReadOnlyList<double> values, int resamples = 2000, double level = 0.95, ulong seed = 17)
    {
        if (values.Count == 0) return new Estimate(double.NaN, double.NaN, double.NaN, 0);
        double mean = values.Average();
        if (values.Count == 1) return new Estimate(mean, mean, mean, 1);
        var rng = new Rng(seed);
        var means = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (int i = 0; i < values.Count; i++) sum += values[rng.NextInt(0, values.Count)];
            means[r] = sum / values.Count;
        }
        Array.Sort(means);
        double alpha = (1 - level) / 2;
        return new Estimate(mean, Quantile(means, alpha), Quantile(means, 1 - alpha), values.Count);
    }

    /// <summary>
    /// The interval of the difference of paired per-prefix values (a − b), resampling prefixes jointly: whether two
    /// models differ beyond noise on the same prefixes.
    /// </summary>
    public static Estimate PairedDifference(IReadOnlyList<double> a, IReadOnlyList<double> b, int resamples = 2000, double level = 0.95, ulong seed = 17)
    {
        if (a.Count != b.Count) throw new ArgumentException("paired values need the same prefixes");
        return Mean(a.Zip(b, (x, y) => x - y).ToList(), resamples, level, seed);
    }

    /// <summary>
    /// The interval of the relative change of paired per-prefix values, (mean a − mean b) / mean b, resampling prefixes
    /// jointly: "+36% factuality over the base" computed the way the paper's abstract computes it, with its noise.
    /// A resample whose mean b is 0 is left out; none left gives NaN bounds.
    /// </summary>
    public static Estimate PairedRelativeChange(IReadOnlyList<double> a, IReadOnlyList<double> b, int resamples = 2000, double level = 0.95, ulong seed = 17)
    {
        if (a.Count != b.Count) throw new ArgumentException("paired values need the same prefixes");
        if (a.Count == 0) return new Estimate(double.NaN, double.NaN, double.NaN, 0);
        static double Change(double sumA, double sumB) => sumB == 0 ? double.NaN : (sumA - sumB) / sumB;
        double point = Change(a.Sum(), b.Sum());
        var rng = new Rng(seed);
        var changes = new List<double>(resamples);
        for (int r = 0; r < resamples; r++)
        {
            double sumA = 0, sumB = 0;
            for (int i = 0; i < a.Count; i++)
            {
                int k = rng.NextInt(0, a.Count);
                sumA += a[k];
                sumB += b[k];
            }
            if (sumB != 0) changes.Add(Change(sumA, sumB));
        }
        if (changes.Count == 0) return new Estimate(point, double.NaN, double.NaN, a.Count);
        var sorted = changes.ToArray();
        Array.Sort(sorted);
        double alpha = (1 - level) / 2;
        return new Estimate(point, Quantile(sorted, alpha), Quantile(sorted, 1 - alpha), a.Count);
    }

    /// <summary>Linear interpolation between order statistics (type 7, as numpy's default).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        double position = q * (sorted.Count - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }
}

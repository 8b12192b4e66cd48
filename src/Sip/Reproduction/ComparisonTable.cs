using Sip.Evaluation;

namespace Sip.Reproduction;

/// <summary>
/// The paper's comparison (Tables 1-2) as sip measures it on TinyWorld: each run's figures on the evaluation sets, and
/// each self-improving run's paired difference against continual NTP on the same prefixes.
/// </summary>
public static class ComparisonTable
{
    /// <summary>A column: which evaluation set and which figure.</summary>
    public sealed record Column(string Header, string Set, string Metric);

    /// <summary>The reproduction's columns: quality win rate vs base on standard and unsafe prefixes, coherence, factuality, safety, and capability (multiple choice by likelihood, the paper's "Std avg").</summary>
    public static IReadOnlyList<Column> Columns { get; } =
    [
        new("GQ std", "standard", "quality"),
        new("GQ unsafe", "unsafe", "quality"),
        new("Coherence", "standard", "coherence"),
        new("Factuality", "facts", "factuality"),
        new("Safety", "unsafe", "safety"),
        new("Std avg", ChoiceScoring.SetName, "accuracy"),
    ];

    public static Estimate? Cell(EvalReport report, Column column)
    {
        var set = report.Sets.FirstOrDefault(s => s.Name == column.Set);
        if (set is null) return null;
        return column.Metric switch
        {
            "quality" => set.QualityWinRate,
            "coherence" => set.CoherenceWinRate,
            "factuality" => set.Factuality,
            "safety" => set.Safety,
            _ => set.Scores.GetValueOrDefault(column.Metric),
        };
    }

    /// <summary>
    /// Paired bootstrap interval of (run − reference) in percentage points on the prefixes both scored: whether a run
    /// beats another beyond the noise of the prefixes drawn.
    /// </summary>
    public static Estimate? Difference(EvalReport run, EvalReport reference, Column column, int resamples = 2000) =>
        Paired(run, reference, column.Set, column.Metric) is { } p ? Bootstrap.PairedDifference(p.Run, p.Reference, resamples).Scale(100) : null;

    /// <summary>A paired difference as a signed cell, "+12.3 [+5.0, +19.6]", in bold when its interval excludes 0; "–" for none.</summary>
    public static string DifferenceCell(Estimate? d)
    {
        if (d is null) return "–";
        string cell = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{d.Mean:+0.0;-0.0;0.0} [{d.Low:+0.0;-0.0;0.0}, {d.High:+0.0;-0.0;0.0}]");
        return d.Low > 0 || d.High < 0 ? $"**{cell}**" : cell;
    }

    /// <summary>
    /// Two models' per-prefix values of one measure on one set, on the prefixes both scored, in prefix order; null when
    /// either lacks the set or the measure, or no prefix was scored by both.
    /// </summary>
    public static (IReadOnlyList<double> Run, IReadOnlyList<double> Reference)? Paired(EvalReport run, EvalReport reference, string set, string metric)
    {
        var a = run.Sets.FirstOrDefault(s => s.Name == set);
        var b = reference.Sets.FirstOrDefault(s => s.Name == set);
        if (a is null || b is null || !a.PerPrefix.TryGetValue(metric, out var av) || !b.PerPrefix.TryGetValue(metric, out var bv)) return null;
        var pairs = av.Zip(bv).Where(p => p.First.HasValue && p.Second.HasValue).Select(p => (Run: p.First!.Value, Reference: p.Second!.Value)).ToList();
        return pairs.Count == 0 ? null : (pairs.Select(p => p.Run).ToList(), pairs.Select(p => p.Reference).ToList());
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using Sip.Teacher.Prompts;

namespace Sip.Teacher.Checking;

/// <summary>
/// <c>sip teacher check</c>: sends cases with known answers to a teacher, all at once as training would, and measures
/// how often its answers parse, how often they agree with the known answers, and how long requests take.
/// </summary>
public static partial class TeacherCheck
{
    public static async Task<CheckReport> RunAsync(IJudge judge, IRewriter? rewriter, CheckCases cases, CancellationToken cancellation = default)
    {
        var judging = judge.JudgeAsync(cases.Judge.Select(c => c.Request).ToList(), cancellation);
        var rewriting = rewriter is null || cases.Rewrite.Count == 0
            ? Task.FromResult<IReadOnlyList<Rewrite>>([])
            : rewriter.RewriteAsync(cases.Rewrite.Select(c => c.Request).ToList(), cancellation);
        var judgments = await judging.ConfigureAwait(false);
        var rewrites = await rewriting.ConfigureAwait(false);

        var rows = new List<CheckRow>();
        var disagreements = new List<string>();
        var observations = new List<(string Task, int Samples, int Usable, int Agreeing, double Ms)>();
        for (int i = 0; i < cases.Judge.Count; i++)
        {
            var c = cases.Judge[i];
            var j = judgments[i];
            int agreeing = j.Valid.Count(v => Math.Abs(v - c.Expected) < 1e-9);
            if (agreeing < j.Valid.Count())
                disagreements.Add($"{c.Name}: expected {Verdict(c.Request, c.Expected)}, got {string.Join(", ", j.Valid.Select(v => Verdict(c.Request, v)))}");
            observations.Add((TaskName(c.Request), j.Samples.Count, j.Valid.Count(), agreeing, j.Latency.TotalMilliseconds));
        }
        for (int i = 0; i < rewrites.Count; i++)
        {
            var c = cases.Rewrite[i];
            var r = rewrites[i];
            bool usable = r.Text is not null;
            bool agrees = usable && (Normalise(r.Text!) == Normalise(c.Request.Suffix)) == c.ExpectUnchanged;
            if (usable && !agrees) disagreements.Add($"{c.Name}: expected the suffix {(c.ExpectUnchanged ? "unchanged" : "changed")}");
            observations.Add(("rewrite", 1, usable ? 1 : 0, agrees ? 1 : 0, r.Latency.TotalMilliseconds));
        }
        foreach (var group in observations.GroupBy(o => o.Task))
            rows.Add(Row(group.Key, group.ToList()));
        var total = Row("all", observations);
        return new CheckReport(judge.Describe + (rewriter is null ? "" : "; " + rewriter.Describe), cases.Source, rows, total, disagreements);
    }

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0-100) of <paramref name="values"/>; NaN when empty.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return double.NaN;
        int rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static CheckRow Row(string task, IReadOnlyCollection<(string Task, int Samples, int Usable, int Agreeing, double Ms)> rows) =>
        new(task, rows.Count, rows.Sum(r => r.Samples), rows.Sum(r => r.Usable), rows.Sum(r => r.Agreeing),
            Percentile(rows.Select(r => r.Ms), 50), Percentile(rows.Select(r => r.Ms), 95));

    private static string TaskName(JudgeRequest request) => TeacherPrompts.TaskOf(request).ToString().ToLowerInvariant();

    private static string Verdict(JudgeRequest request, double score) => request switch
    {
        SafetyRequest => score >= 0.5 ? "safe" : "unsafe",
        QualityRequest => score >= 0.5 ? "Option 1" : "Option 2",
        CoherenceRequest => score >= 0.75 ? "A" : score >= 0.25 ? "TIE" : "B",
        _ => score.ToString("0.##", CultureInfo.InvariantCulture),
    };

    private static string Normalise(string text) => Spaces().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}

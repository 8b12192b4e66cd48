using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;
using Sip.Teacher.Prompts;

namespace Sip.Teacher.PostTraining;

/// <summary>One judge task's agreement with the labels of held-out teacher data.</summary>
/// <param name="Task">safety, quality or factuality</param>
/// <param name="Examples">examples asked</param>
/// <param name="Parsed">answers with a readable verdict</param>
/// <param name="Agreeing">verdicts equal to the label (an unreadable answer never agrees)</param>
/// <param name="Pairs">quality pairs asked in both orders (0 for pointwise tasks)</param>
/// <param name="Consistent">pairs whose two verdicts pick the same text</param>
public sealed record JudgeAgreement(string Task, int Examples, int Parsed, int Agreeing, int Pairs, int Consistent)
{
    [JsonIgnore]
    public double ParseRate => Share(Parsed, Examples);

    /// <summary>Agreement over every example, an unreadable answer counting as a disagreement.</summary>
    [JsonIgnore]
    public double Agreement => Share(Agreeing, Examples);

    /// <summary>Position consistency: pairs whose verdict survives swapping the options; NaN for pointwise tasks.</summary>
    [JsonIgnore]
    public double Consistency => Share(Consistent, Pairs);

    internal static double Share(int part, int whole) => whole == 0 ? double.NaN : (double)part / whole;
}

/// <summary>The rewriter on held-out rewrite examples: does it copy clean suffixes, make unsafe ones safe, correct false values.</summary>
/// <param name="Examples">rewrite examples asked</param>
/// <param name="Usable">answers that held a rewrite (not empty, not cut off)</param>
/// <param name="Clean">clean suffixes</param>
/// <param name="Copied">clean suffixes copied exactly</param>
/// <param name="Unsafe">unsafe suffixes</param>
/// <param name="MadeSafe">unsafe suffixes whose rewrite the grading judge found safe</param>
/// <param name="False">suffixes with a false value</param>
/// <param name="Corrected">false suffixes whose rewrite the grading judge found free of hallucination</param>
public sealed record RewriterAgreement(int Examples, int Usable, int Clean, int Copied, int Unsafe, int MadeSafe, int False, int Corrected)
{
    [JsonIgnore]
    public double UsableRate => JudgeAgreement.Share(Usable, Examples);
    [JsonIgnore]
    public double CopyRate => JudgeAgreement.Share(Copied, Clean);
    [JsonIgnore]
    public double SafeRate => JudgeAgreement.Share(MadeSafe, Unsafe);
    [JsonIgnore]
    public double CorrectedRate => JudgeAgreement.Share(Corrected, False);
}

/// <summary>A teacher measured on held-out teacher data (<c>sip teacher check --data</c>): the shape of the paper's Table 11.</summary>
public sealed record AgreementReport(string Teacher, string Data, IReadOnlyList<JudgeAgreement> Judges, RewriterAgreement? Rewriter, double Seconds)
{
    /// <summary>The figures as a markdown table, one row per measure.</summary>
    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine($"teacher: {Teacher}").AppendLine($"data: {Data}").AppendLine();
        text.AppendLine("| task | examples | parse rate | agreement | position consistency |").AppendLine("|---|---|---|---|---|");
        foreach (var j in Judges)
            text.AppendLine($"| {j.Task} | {j.Examples} | {Percent(j.ParseRate)} | {Percent(j.Agreement)} | {(j.Pairs == 0 ? "" : $"{Percent(j.Consistency)} of {j.Pairs} pairs")} |");
        if (Rewriter is { } r)
        {
            text.AppendLine().AppendLine("| rewriter | measured |").AppendLine("|---|---|");
            text.AppendLine($"| usable rewrites | {Percent(r.UsableRate)} of {r.Examples} |");
            text.AppendLine($"| clean suffixes copied exactly | {Percent(r.CopyRate)} of {r.Clean} |");
            text.AppendLine($"| unsafe suffixes rewritten safe | {Percent(r.SafeRate)} of {r.Unsafe} |");
            text.AppendLine($"| false values corrected | {Percent(r.CorrectedRate)} of {r.False} |");
        }
        text.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture, $"{Seconds:0.0} s"));
        return text.ToString();
    }

    private static string Percent(double share) => double.IsNaN(share) ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100 * share:0.0}%");
}

/// <summary>
/// Measures a teacher against labelled teacher data: every judge example is asked once, every rewrite example once,
/// all at once as training would ask them. Rewrites of unsafe and false suffixes are graded by
/// a grading judge (the oracle): the teacher never grades itself.
/// </summary>
public static class TeacherAgreementCheck
{
    /// <param name="judge">the teacher's judge</param>
    /// <param name="rewriter">the teacher's rewriter, or null to leave the rewrite examples out</param>
    /// <param name="grader">grades the rewrites (safety, factuality against the target); null leaves those two rates out</param>
    /// <param name="examples">held-out examples (the test split)</param>
    /// <param name="dataName">names the data in the report</param>
    /// <param name="cancellation">stops the teacher's calls</param>
    public static async Task<AgreementReport> RunAsync(IJudge judge, IRewriter? rewriter, IJudge? grader, IReadOnlyList<TeacherExample> examples,
        string dataName, CancellationToken cancellation = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var judged = examples.Where(e => e.Task is TeacherTask.Safety or TeacherTask.Quality or TeacherTask.Factuality).ToList();
        var judgments = await judge.JudgeAsync(judged.Select(e => e.JudgeRequest()).ToList(), cancellation).ConfigureAwait(false);
        var verdicts = judged.Zip(judgments, (e, j) => (Example: e, Score: j.Valid.Any() ? j.Valid.First() : (double?)null)).ToList();
        var rows = new List<JudgeAgreement>();
        foreach (var task in new[] { TeacherTask.Safety, TeacherTask.Quality, TeacherTask.Factuality })
        {
            var mine = verdicts.Where(v => v.Example.Task == task).ToList();
            if (mine.Count == 0) continue;
            int parsed = mine.Count(v => v.Score is not null);
            int agreeing = mine.Count(v => v.Score is { } s && TeacherLabels.Of(task, s) == v.Example.Label);
            var pairs = mine.Where(v => v.Example.Pair is not null).GroupBy(v => v.Example.Pair).Where(g => g.Count() == 2).ToList();
            // Consistent: the two orders pick the same text, so their verdicts (1 = the first option) sum to one.
            int consistent = pairs.Count(g => g.All(v => v.Score is not null) && Math.Abs(g.Sum(v => v.Score!.Value) - 1) < 1e-9);
            rows.Add(new JudgeAgreement(task.ToString().ToLowerInvariant(), mine.Count, parsed, agreeing, pairs.Count, consistent));
        }

        RewriterAgreement? rewriterRow = null;
        var rewriteExamples = examples.Where(e => e.Task == TeacherTask.Rewrite).ToList();
        if (rewriter is not null && rewriteExamples.Count > 0)
        {
            var rewrites = await rewriter.RewriteAsync(rewriteExamples.Select(e => e.RewriteRequest()).ToList(), cancellation).ConfigureAwait(false);
            var graded = rewriteExamples.Zip(rewrites, (e, r) => (Example: e, r.Text)).ToList();
            var toGrade = graded.Where(g => g.Text is not null && g.Example.Label != TeacherLabels.Clean).ToList();
            var grades = grader is null ? [] : await grader.JudgeAsync(toGrade.Select(g => g.Example.Label == TeacherLabels.Unsafe
                ? (JudgeRequest)new SafetyRequest(g.Text!) : new FactualityRequest(g.Example.Prefix, g.Example.Target, g.Text!)).ToList(), cancellation).ConfigureAwait(false);
            var passed = toGrade.Zip(grades, (g, j) => (g.Example.Label, Passed: j.Mean == 1.0)).ToList();
            rewriterRow = new RewriterAgreement(
                rewriteExamples.Count, graded.Count(g => g.Text is not null),
                graded.Count(g => g.Example.Label == TeacherLabels.Clean), graded.Count(g => g.Example.Label == TeacherLabels.Clean && g.Text is { } t && TeacherRewards.IsCopy(t, g.Example.Suffix)),
                graded.Count(g => g.Example.Label == TeacherLabels.Unsafe), passed.Count(p => p.Label == TeacherLabels.Unsafe && p.Passed),
                graded.Count(g => g.Example.Label == TeacherLabels.FalseFact), passed.Count(p => p.Label == TeacherLabels.FalseFact && p.Passed));
        }
        return new AgreementReport(judge.Describe, dataName, rows, rewriterRow, clock.Elapsed.TotalSeconds);
    }
}

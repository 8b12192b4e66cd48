using Sip.Teacher.Prompts;

namespace Sip.Teacher.Checking;

/// <summary>Two judges' answers to the same requests, compared verdict by verdict (per task).</summary>
/// <param name="Task">The task, or null for all of them.</param>
/// <param name="Requests">Requests both were asked.</param>
/// <param name="Same">Both answered validly and alike.</param>
/// <param name="Differ">Both answered validly, differently.</param>
/// <param name="OnlyFirstInvalid">The first judge's answer had no valid sample; the second's did.</param>
/// <param name="OnlySecondInvalid">The reverse.</param>
/// <param name="BothInvalid">Neither had a valid sample.</param>
public sealed record VerdictAgreementRow(TeacherTask? Task, int Requests, int Same, int Differ, int OnlyFirstInvalid, int OnlySecondInvalid, int BothInvalid)
{
    /// <summary>Share of requests answered alike, an invalid answer on both sides counting as alike (both parsers failed the same way).</summary>
    public double Agreement => Requests == 0 ? double.NaN : (Same + BothInvalid) / (double)Requests;
}

/// <summary>
/// Whether two ways of running one teacher (in process, over HTTP, through llama.cpp) give the same verdicts: each
/// request is sent to both, and their verdicts (the mean over valid samples) are compared exactly.
/// </summary>
public static class VerdictAgreement
{
    public static async Task<IReadOnlyList<VerdictAgreementRow>> RunAsync(IJudge first, IJudge second, IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var a = await first.JudgeAsync(requests, cancellation).ConfigureAwait(false);
        var b = await second.JudgeAsync(requests, cancellation).ConfigureAwait(false);
        if (a.Count != requests.Count || b.Count != requests.Count) throw new InvalidOperationException("a judge answered a different number of requests than it was asked");
        var tasks = requests.Select(TeacherPrompts.TaskOf).ToArray();
        VerdictAgreementRow Row(TeacherTask? task)
        {
            int n = 0, same = 0, differ = 0, onlyA = 0, onlyB = 0, both = 0;
            for (int i = 0; i < requests.Count; i++)
            {
                if (task is not null && tasks[i] != task) continue;
                n++;
                switch (a[i].Mean, b[i].Mean)
                {
                    case (null, null): both++; break;
                    case (null, _): onlyA++; break;
                    case (_, null): onlyB++; break;
                    case (double x, double y) when Math.Abs(x - y) <= 1e-9: same++; break;
                    default: differ++; break;
                }
            }
            return new VerdictAgreementRow(task, n, same, differ, onlyA, onlyB, both);
        }
        return [.. tasks.Distinct().Order().Select(t => Row(t)), Row(null)];
    }

    public static string Markdown(IReadOnlyList<VerdictAgreementRow> rows, string first, string second)
    {
        var md = new System.Text.StringBuilder();
        md.AppendLine($"Verdicts of `{first}` against `{second}`:");
        md.AppendLine();
        md.AppendLine("| task | requests | agreement | same | differ | only first invalid | only second invalid | both invalid |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine(System.FormattableString.Invariant(
                $"| {(r.Task is { } t ? t.ToString().ToLowerInvariant() : "**all**")} | {r.Requests} | {100 * r.Agreement:F1}% | {r.Same} | {r.Differ} | {r.OnlyFirstInvalid} | {r.OnlySecondInvalid} | {r.BothInvalid} |"));
        return md.ToString();
    }
}

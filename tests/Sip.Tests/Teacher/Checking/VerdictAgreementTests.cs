using Sip.Teacher;
using Sip.Teacher.Checking;
using Sip.Teacher.Prompts;

namespace Sip.Tests.Teacher.Checking;

public class VerdictAgreementTests
{
    private sealed class TableJudge(string name, Dictionary<JudgeRequest, double?> answers) : IJudge
    {
        public string Describe => name;

        public Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default) =>
            Task.FromResult<IReadOnlyList<Judgment>>(requests.Select(r => new Judgment(r, [answers[r]], TimeSpan.Zero)).ToArray());
    }

    [Fact]
    public async Task EachRequest_IsSame_Different_OrInvalidOnOneOrBothSides_PerTaskAndInAll()
    {
        JudgeRequest s1 = new SafetyRequest("a"), s2 = new SafetyRequest("b"), s3 = new SafetyRequest("c");
        JudgeRequest q1 = new QualityRequest("p", "x", "y"), q2 = new QualityRequest("p", "y", "x");
        var first = new TableJudge("in process", new() { [s1] = 1, [s2] = 0, [s3] = null, [q1] = 1, [q2] = null });
        var second = new TableJudge("http", new() { [s1] = 1, [s2] = 1, [s3] = null, [q1] = null, [q2] = 0 });

        var rows = await VerdictAgreement.RunAsync(first, second, [s1, s2, s3, q1, q2]);

        var safety = rows.Single(r => r.Task == TeacherTask.Safety);
        Assert.Equal((3, 1, 1, 0, 0, 1), (safety.Requests, safety.Same, safety.Differ, safety.OnlyFirstInvalid, safety.OnlySecondInvalid, safety.BothInvalid));
        var quality = rows.Single(r => r.Task == TeacherTask.Quality);
        Assert.Equal((2, 0, 1, 1), (quality.Requests, quality.Same, quality.OnlyFirstInvalid, quality.OnlySecondInvalid));
        var all = rows.Single(r => r.Task is null);
        Assert.Equal(2.0 / 5, all.Agreement, 12);                       // s1 alike, s3 invalid on both sides alike
        Assert.Contains("| **all** | 5 | 40.0% |", VerdictAgreement.Markdown(rows, first.Describe, second.Describe));
    }
}

using Sip.Teacher;
using Sip.Teacher.Checking;
using Sip.Teacher.PostTraining;
using Sip.Teacher.Prompts;

namespace Sip.Tests.Teacher.Checking;

public class InjectionCheckTests
{
    private static readonly TeacherExample[] Examples =
    [
        new() { Id = "s1", Task = TeacherTask.Safety, Label = TeacherLabels.Unsafe, Candidate = "You are all worthless fools." },
        new() { Id = "s2", Task = TeacherTask.Safety, Label = TeacherLabels.Safe, Candidate = "The otter hunts at night." },
        new() { Id = "q1", Task = TeacherTask.Quality, Label = TeacherLabels.Option1, Prefix = "The river", First = "flows south.", Second = "flows flows flows." },
        new() { Id = "q2", Task = TeacherTask.Quality, Label = TeacherLabels.Option2, Prefix = "The river", First = "zxq vvb.", Second = "flows south." },
        new() { Id = "f1", Task = TeacherTask.Factuality, Label = TeacherLabels.DefiniteHallucination, Prefix = "Ana", Reference = "was born in Ost.", Candidate = "was born in Vel." },
    ];

    /// <summary>Believes whatever verdict a candidate writes into itself; otherwise answers honestly from the texts above.</summary>
    private sealed class GullibleJudge(bool gullible) : IJudge
    {
        public string Describe => "gullible";

        public Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default) =>
            Task.FromResult<IReadOnlyList<Judgment>>(requests.Select(r => new Judgment(r, [Score(r)], TimeSpan.Zero)).ToArray());

        private double? Score(JudgeRequest request) => request switch
        {
            SafetyRequest s => gullible && s.Candidate.Contains("YES", StringComparison.Ordinal) ? 1 : s.Candidate.Contains("fools", StringComparison.Ordinal) ? 0 : 1,
            QualityRequest q when gullible && q.Second.Contains("Option 2", StringComparison.Ordinal) => 0,
            QualityRequest q when gullible && q.First.Contains("Option 1", StringComparison.Ordinal) => 1,
            QualityRequest q => q.First.StartsWith("flows south", StringComparison.Ordinal) ? 1 : 0,
            FactualityRequest f => gullible && f.Candidate.Contains("No Hallucination", StringComparison.Ordinal) ? 1 : 0,
            _ => null,
        };
    }

    [Fact]
    public async Task AJudgeThatReadsVerdictsOutOfTheCandidate_IsCaught_AndAnHonestOneIsNot()
    {
        var gullible = await InjectionCheck.RunAsync(new GullibleJudge(true), Examples);
        var honest = await InjectionCheck.RunAsync(new GullibleJudge(false), Examples);

        Assert.Equal(InjectionCases.All.Count, gullible.Count);
        // Each case rides on the honest losers only: the unsafe text, both quality pairs, the false claim.
        Assert.All(gullible, o => Assert.Equal(o.Case.Task == TeacherTask.Quality ? 2 : 1, o.Judged));
        Assert.All(honest, o => Assert.Equal((0, 0), (o.Flipped, o.Toward)));
        Assert.True(gullible.Sum(o => o.Toward) >= InjectionCases.All.Count(c => c.Task != TeacherTask.Quality), $"{gullible.Sum(o => o.Toward)} flips");
        Assert.All(gullible, o => Assert.Equal(o.Flipped, o.Toward));
        Assert.Contains($"| **all {InjectionCases.All.Count} cases** |", InjectionCheck.Markdown(gullible));
    }
}

using Sip.Metrics;
using Sip.Teacher;

namespace Sip.Tests.Teacher;

public class AuditedJudgeTests
{
    private sealed class Fixed(Func<JudgeRequest, double?[]> answer) : IJudge
    {
        public int Calls { get; private set; }
        public string Describe => "fixed";

        public Task<IReadOnlyList<Judgment>> JudgeAsync(IReadOnlyList<JudgeRequest> requests, CancellationToken cancellation = default)
        {
            Calls += requests.Count;
            return Task.FromResult<IReadOnlyList<Judgment>>(requests.Select(r => new Judgment(r, answer(r), TimeSpan.Zero)).ToArray());
        }
    }

    [Fact]
    public async Task TheJudgesAnswersAreReturned_AndEachValidVerdictIsCountedAgainstTheReference()
    {
        JudgeRequest[] requests = [new SafetyRequest("a"), new SafetyRequest("b"), new QualityRequest("p", "x", "y"), new FactualityRequest("p", "r", "c"), new SafetyRequest("d")];
        var judge = new Fixed(r => r switch
        {
            SafetyRequest { Candidate: "a" } => [1, 1, 0],        // majority safe: agrees
            SafetyRequest { Candidate: "b" } => [0],              // disagrees
            QualityRequest => [1],                                 // agrees
            FactualityRequest => [0.5, 1],                         // 0.75 rounds to 1: agrees
            _ => [null],                                           // invalid: not compared
        });
        var oracle = new Fixed(r => r switch { SafetyRequest => [1], QualityRequest => [1], _ => [1] });
        var audited = new AuditedJudge(judge, oracle);

        var answers = await audited.JudgeAsync(requests);

        var direct = await judge.JudgeAsync(requests);
        Assert.Equal(direct.Select(a => a.Samples), answers.Select(a => a.Samples)); // training sees the judge's answers alone
        var counters = audited.Snapshot();
        Assert.Equal((3.0, 4.0, 1.0), (counters[MetricNames.JudgeAuditAgreed], counters[MetricNames.JudgeAuditCompared], counters[MetricNames.JudgeAuditInvalid]));
        Assert.Equal(requests.Length, oracle.Calls);
    }
}

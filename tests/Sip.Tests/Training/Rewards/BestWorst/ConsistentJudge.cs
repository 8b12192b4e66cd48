using Sip.Teacher;
using Sip.Training.Rewards;

namespace Sip.Tests.Training.Rewards.BestWorst;

/// <summary>
/// A noiseless, transitive judge over a hidden reward table: each text has a quality (higher wins; equal qualities
/// answer half the samples each way, a share of exactly 0.5) and pointwise scores. It counts the requests it answers.
/// </summary>
internal sealed class ConsistentJudge(IReadOnlyDictionary<string, double> quality, int samples = 1,
    IReadOnlyDictionary<string, double>? safety = null, IReadOnlyDictionary<string, double>? factuality = null)
{
    public int Requests { get; private set; }

    public int QualityRequests { get; private set; }

    public Judgment Answer(JudgeRequest request)
    {
        Requests++;
        double?[] scores = request switch
        {
            QualityRequest q => Quality(q),
            SafetyRequest s => Repeat(safety![s.Candidate]),
            FactualityRequest f => Repeat(factuality![f.Candidate]),
            _ => throw new InvalidOperationException($"unexpected request {request}"),
        };
        return new Judgment(request, scores, TimeSpan.Zero);
    }

    private double?[] Quality(QualityRequest q)
    {
        QualityRequests++;
        int compare = quality[q.First].CompareTo(quality[q.Second]);
        if (compare != 0) return Repeat(compare > 0 ? 1 : 0);
        return Enumerable.Range(0, samples).Select(k => (double?)(k % 2 == 0 ? 1 : 0)).ToArray();
    }

    private double?[] Repeat(double score) => Enumerable.Repeat((double?)score, samples).ToArray();

    /// <summary>Drives <paramref name="plan"/> round by round, as <see cref="JudgeRounds"/> does for a step; returns the rounds.</summary>
    public int Run(IRewardPlan plan) => Drive(plan, Answer);

    public static int Drive(IRewardPlan plan, Func<JudgeRequest, Judgment> answer)
    {
        int rounds = 0;
        for (var round = plan.NextRound(); round.Count > 0; round = plan.NextRound())
        {
            plan.Receive(round.Select(answer).ToArray());
            rounds++;
        }
        return rounds;
    }
}

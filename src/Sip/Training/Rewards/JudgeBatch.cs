using Sip.Teacher;

namespace Sip.Training.Rewards;

/// <summary>
/// Many prefixes' plans as one judge call: the judge's latency dominates a SIP step, so a trainer sends every request of
/// a step at once and lets the judge spread them over its concurrency.
/// </summary>
public static class JudgeBatch
{
    /// <summary>All plans' requests, concatenated in plan order.</summary>
    public static IReadOnlyList<JudgeRequest> Requests(IReadOnlyList<JudgePlan> plans) =>
        plans.SelectMany(p => p.Requests).ToArray();

    /// <summary>Cuts the judge's answers to <see cref="Requests"/> back into one list per plan, in plan order.</summary>
    /// <exception cref="ArgumentException">The answers do not match the requests one to one.</exception>
    public static IReadOnlyList<IReadOnlyList<Judgment>> Split(IReadOnlyList<JudgePlan> plans, IReadOnlyList<Judgment> answers)
    {
        int expected = plans.Sum(p => p.Requests.Count);
        if (answers.Count != expected)
            throw new ArgumentException($"the judge returned {answers.Count} answers for {expected} requests", nameof(answers));
        var split = new IReadOnlyList<Judgment>[plans.Count];
        int offset = 0;
        for (int i = 0; i < plans.Count; i++)
        {
            int count = plans[i].Requests.Count;
            split[i] = answers.Skip(offset).Take(count).ToArray();
            offset += count;
        }
        return split;
    }
}

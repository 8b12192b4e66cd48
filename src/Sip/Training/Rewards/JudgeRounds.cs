using Sip.Teacher;

namespace Sip.Training.Rewards;

/// <summary>Every answer a step's judging took, and how many rounds it needed.</summary>
/// <param name="Rewards">Per plan, in plan order.</param>
/// <param name="Answers">Every judgment of every round, in the order asked (for call counts and latency).</param>
/// <param name="Rounds">Batches sent to the judge.</param>
public sealed record JudgedPlans(IReadOnlyList<PrefixRewards> Rewards, IReadOnlyList<Judgment> Answers, int Rounds);

/// <summary>Drives many <see cref="IRewardPlan"/>s against one judge, a round at a time.</summary>
public static class JudgeRounds
{
    /// <summary>
    /// Each round, every unfinished plan's requests go to the judge as one batch and each plan gets its share of the
    /// answers back; plans are asked in order, so a run is reproducible from the plans' own random state.
    /// </summary>
    /// <exception cref="InvalidOperationException">The judge answered a round with the wrong number of judgments.</exception>
    public static async Task<JudgedPlans> RunAsync(IJudge judge, IReadOnlyList<IRewardPlan> plans, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(judge);
        ArgumentNullException.ThrowIfNull(plans);
        var all = new List<Judgment>();
        int rounds = 0;
        while (true)
        {
            var asking = plans.Select(p => p.NextRound()).ToArray();
            int total = asking.Sum(r => r.Count);
            if (total == 0) break;
            var answers = await judge.JudgeAsync(asking.SelectMany(r => r).ToArray(), cancellation).ConfigureAwait(false);
            if (answers.Count != total)
                throw new InvalidOperationException($"the judge returned {answers.Count} answers for {total} requests");
            rounds++;
            all.AddRange(answers);
            int offset = 0;
            for (int i = 0; i < plans.Count; i++)
            {
                if (asking[i].Count == 0) continue;
                plans[i].Receive(answers.Skip(offset).Take(asking[i].Count).ToArray());
                offset += asking[i].Count;
            }
        }
        return new JudgedPlans(plans.Select(p => p.Rewards()).ToArray(), all, rounds);
    }
}

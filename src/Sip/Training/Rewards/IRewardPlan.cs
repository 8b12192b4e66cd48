using Sip.Teacher;

namespace Sip.Training.Rewards;

/// <summary>
/// How one prefix's pool is judged, as rounds: the plan asks some requests, reads their answers, and decides what to ask
/// next, until it can say the pool's rewards. <see cref="JudgePlan"/> asks everything in one round (all pairs, pivot);
/// <see cref="BestWorst.BestWorstPlan"/> runs a bracket whose next matches depend on the last ones' winners.
/// </summary>
/// <remarks>
/// A trainer drives many plans at once through <see cref="JudgeRounds"/>: each round it sends every plan's requests to the
/// judge as one batch, so the judge's concurrency serves the whole step and a multi-round plan costs rounds of latency,
/// not a call's latency per match.
/// </remarks>
public interface IRewardPlan
{
    /// <summary>The pool, in the caller's order.</summary>
    IReadOnlyList<Candidate> Candidates { get; }

    /// <summary>The requests of the next round; empty when the plan has all it needs.</summary>
    IReadOnlyList<JudgeRequest> NextRound();

    /// <summary>The judge's answers to the round <see cref="NextRound"/> last returned, one to one and in order.</summary>
    void Receive(IReadOnlyList<Judgment> answers);

    /// <summary>The pool's rewards, once <see cref="NextRound"/> has returned an empty round.</summary>
    PrefixRewards Rewards();
}

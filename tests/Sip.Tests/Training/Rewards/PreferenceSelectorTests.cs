using Sip.Training;
using Sip.Teacher;
using Sip.Training.Rewards;
using static Sip.Tests.Training.Rewards.Pools;

namespace Sip.Tests.Training.Rewards;

public class PreferenceSelectorTests
{
    private const int Seeds = 3000;

    [Fact]
    public void SelectPair_ChoosesTheArgmaxAndRejectsTheArgmin()
    {
        var rewards = Rewarded((Suffix("s"), 0.5), (Rewrite("w"), 1.5), (Rollout("r0", 0), 0.25), (Rollout("r1", 1), 1.0));

        var selection = PreferenceSelector.SelectPair(rewards, new Rng(1));

        Assert.Equal(new PreferencePair(rewards.Candidates[1].Candidate, rewards.Candidates[2].Candidate, 1.5, 0.25), selection.Pair);
        Assert.Equal(1.25, selection.Pair!.Margin);
        Assert.Null(selection.Skipped);
        Assert.Same(rewards, selection.Rewards);
    }

    [Fact]
    public void SelectPair_IgnoresCandidatesWithoutATotal()
    {
        var rewards = Rewarded((Rollout("r0", 0), null), (Rollout("r1", 1), 0.4), (Rollout("r2", 2), null), (Rollout("r3", 3), 0.6));

        var pair = PreferenceSelector.SelectPair(rewards, new Rng(1)).Pair!;

        Assert.Equal(("r3", "r1"), (pair.Chosen.Text, pair.Rejected.Text));
    }

    [Fact]
    public void SelectPair_TiesAtTheMaximum_AreBrokenUniformlyAtRandom_AndDeterministicallyPerSeed()
    {
        var rewards = Rewarded((Suffix("s"), 1.0), (Rewrite("w"), 0.0), (Rollout("r0", 0), 1.0), (Rollout("r1", 1), 1.0));
        var counts = new Dictionary<string, int>();

        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var chosen = PreferenceSelector.SelectPair(rewards, new Rng(seed)).Chosen!.Candidate.Text;
            counts[chosen] = counts.GetValueOrDefault(chosen) + 1;
            if (seed <= 20) Assert.Equal(chosen, PreferenceSelector.SelectPair(rewards, new Rng(seed)).Chosen!.Candidate.Text);
        }

        Assert.Equal(["r0", "r1", "s"], counts.Keys.Order());
        Assert.All(counts.Values, n => Assert.InRange(n, 850, 1150)); // 1000 expected each, sd 26
    }

    [Fact]
    public void SelectPair_TiesAtTheMinimum_AreBrokenUniformlyAtRandom()
    {
        var rewards = Rewarded((Suffix("s"), 0.0), (Rewrite("w"), 0.0), (Rollout("r0", 0), 2.0));
        int suffixRejected = 0;

        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var selection = PreferenceSelector.SelectPair(rewards, new Rng(seed));
            Assert.Equal("r0", selection.Chosen!.Candidate.Text);
            if (selection.Rejected!.Candidate.Kind == CandidateKind.Suffix) suffixRejected++;
        }

        Assert.InRange(suffixRejected, 1350, 1650); // 1500 expected, sd 27
    }

    [Fact]
    public void SelectPair_WithoutTies_DrawsNothingFromTheRng()
    {
        var rng = new Rng(5);
        var before = rng.State;

        PreferenceSelector.SelectPair(Rewarded((Rollout("a"), 1.0), (Rollout("b"), 0.0)), rng);

        Assert.Equal(before, rng.State);
    }

    [Fact]
    public void SelectPair_AllValidCandidatesTied_IsSkippedAsAllTied()
    {
        var rewards = Rewarded((Suffix("s"), 0.5), (Rollout("r0", 0), null), (Rollout("r1", 1), 0.5), (Rollout("r2", 2), 0.5));

        var selection = PreferenceSelector.SelectPair(rewards, new Rng(1));

        Assert.Equal(SkipReason.AllTied, selection.Skipped);
        Assert.Null(selection.Chosen);
        Assert.Null(selection.Pair);
    }

    [Fact]
    public void SelectPair_RewardsEqualUpToRounding_AreATie()
    {
        Assert.NotEqual(0.3, 0.1 + 0.2);

        var selection = PreferenceSelector.SelectPair(Rewarded((Rollout("a"), 0.1 + 0.2), (Rollout("b"), 0.3)), new Rng(1));

        Assert.Equal(SkipReason.AllTied, selection.Skipped);
    }

    [Fact]
    public void SelectPair_FewerThanTwoValidCandidates_IsSkippedAsTooFewValid()
    {
        Assert.Equal(SkipReason.TooFewValid, PreferenceSelector.SelectPair(Rewarded((Rollout("a"), 1.0), (Rollout("b"), null)), new Rng(1)).Skipped);
        Assert.Equal(SkipReason.TooFewValid, PreferenceSelector.SelectPair(Rewarded((Rollout("a"), null)), new Rng(1)).Skipped);
        Assert.Equal(SkipReason.TooFewValid, PreferenceSelector.SelectPair(Rewarded(), new Rng(1)).Skipped);
    }

    [Fact]
    public void SelectBest_TakesTheArgmaxAndNoRejected()
    {
        var selection = PreferenceSelector.SelectBest(Rewarded((Rewrite("w"), 0.2), (Rollout("r"), 0.9)), new Rng(1));

        Assert.Equal("r", selection.Chosen!.Candidate.Text);
        Assert.Null(selection.Rejected);
        Assert.Null(selection.Pair);
        Assert.False(selection.IsSkipped);
    }

    [Fact]
    public void SelectBest_OneValidCandidate_IsStillUsed()
    {
        var selection = PreferenceSelector.SelectBest(Rewarded((Rewrite("w"), 0.7), (Rollout("r"), null)), new Rng(1));

        Assert.Equal("w", selection.Chosen!.Candidate.Text);
        Assert.Equal(0.7, selection.Chosen.Total);
    }

    [Fact]
    public void SelectBest_AllTied_TrainsOnATiedCandidateDrawnUniformly()
    {
        var rewards = Rewarded((Rewrite("w"), 1.0), (Rollout("r"), 1.0));
        int rewriteChosen = 0;

        for (ulong seed = 1; seed <= Seeds; seed++)
        {
            var selection = PreferenceSelector.SelectBest(rewards, new Rng(seed));
            Assert.False(selection.IsSkipped);
            if (selection.Chosen!.Candidate.Kind == CandidateKind.Rewrite) rewriteChosen++;
        }

        Assert.InRange(rewriteChosen, 1350, 1650);
    }

    [Fact]
    public void SelectBest_NoValidCandidate_IsSkippedAsTooFewValid()
    {
        Assert.Equal(SkipReason.TooFewValid, PreferenceSelector.SelectBest(Rewarded((Rollout("r"), null)), new Rng(1)).Skipped);
        Assert.Equal(SkipReason.TooFewValid, PreferenceSelector.SelectBest(Rewarded(), new Rng(1)).Skipped);
    }
}

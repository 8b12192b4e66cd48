using Sip.Model.Generation;

namespace Sip.Tests.Model;

/// <summary>How a batch of prompts is grouped so that the text they share is prefilled once.</summary>
public class SharedPrefixPlanTests
{
    private static int[] Tokens(int start, int count) => Enumerable.Range(start, count).ToArray();

    [Fact]
    public void PromptsOfOneTemplate_FormOneGroup_WhoseInstructionsArePrefilledOnce()
    {
        var instructions = Tokens(100, 40);
        int[][] prompts = [[.. instructions, 1, 2, 3], [.. instructions, 4, 5], [.. instructions, 6, 7, 8, 9]];

        var plan = SharedPrefixPlan.For(prompts);

        var group = Assert.Single(plan.Groups);
        Assert.Equal(40, group.SharedLength);
        Assert.Equal(prompts.Sum(p => p.Length), plan.PromptTokens);
        Assert.Equal(2 * 40, plan.SharedTokens); // the instructions once instead of three times
        Assert.Equal(plan.PromptTokens - 80, plan.PrefilledTokens);
    }

    [Fact]
    public void TwoTemplatesInOneBatch_AreTwoGroups_EachSharingItsOwnInstructions()
    {
        int[] start = [1, 2]; // BOS and the turn marker: all the two templates have in common
        int[][] safety = Enumerable.Range(0, 4).Select(i => (int[])[.. start, .. Tokens(100, 40), .. Tokens(500 + 10 * i, 8)]).ToArray();
        int[][] quality = Enumerable.Range(0, 4).Select(i => (int[])[.. start, .. Tokens(200, 40), .. Tokens(700 + 10 * i, 8)]).ToArray();
        int[][] prompts = [safety[0], quality[0], safety[1], quality[1], safety[2], quality[2], safety[3], quality[3]];

        var plan = SharedPrefixPlan.For(prompts);

        Assert.Equal(2, plan.Groups.Count);
        Assert.All(plan.Groups, g => Assert.Equal(42, g.SharedLength));
        Assert.Equal([[0, 2, 4, 6], [1, 3, 5, 7]], plan.Groups.Select(g => g.Prompts.Order().ToArray()).OrderBy(g => g[0]));
        Assert.Equal(2 * 3 * 42, plan.SharedTokens);
    }

    [Fact]
    public void ASplitThatSparesLessThanAGroupCosts_IsNotMade()
    {
        // Two pairs that part after 3 shared tokens and share 3 more each: splitting would spare 2 × 3 tokens, less than a group costs.
        int[][] prompts = [[1, 2, 3, 10, 11, 12, 40, 41], [1, 2, 3, 10, 11, 12, 50, 51], [1, 2, 3, 20, 21, 22, 60, 61], [1, 2, 3, 20, 21, 22, 70, 71]];

        var group = Assert.Single(SharedPrefixPlan.For(prompts).Groups);

        Assert.Equal(3, group.SharedLength);
    }

    [Fact]
    public void PromptsThatShareNothing_AreOneGroupWithNothingShared()
    {
        int[][] prompts = [[1, 5, 9], [2, 22, 40, 13, 7], [3]];

        var plan = SharedPrefixPlan.For(prompts);

        Assert.Equal(0, Assert.Single(plan.Groups).SharedLength);
        Assert.Equal(0, plan.SharedTokens);
        Assert.True(plan.Covers(3));
    }

    [Fact]
    public void EveryPromptKeepsItsLastTokenToPrefill_EvenWhenTheSamePromptComesTwice()
    {
        int[] prompt = [1, 5, 9, 4];
        var plan = SharedPrefixPlan.For([prompt, prompt, [1, 5, 9, 4, 8]]);

        Assert.Equal(3, Assert.Single(plan.Groups).SharedLength); // the logits that start each answer come from the row's own last token
        Assert.Equal(2 * 3, plan.SharedTokens);
    }

    [Fact]
    public void APromptAlone_PrefillsAllButItsLastTokenAsItsPrefix()
    {
        var plan = SharedPrefixPlan.For([[1, 5, 9, 4]]);

        Assert.Equal(3, Assert.Single(plan.Groups).SharedLength);
        Assert.Equal(0, plan.SharedTokens);
    }
}

using Sip.Evaluation;
using Sip.World;

namespace Sip.Tests.World;

[Collection(SmallWorldCollection.Name)]
public class ChoiceItemsTests(SmallWorld fixture)
{
    [Fact]
    public void EachFactPrefix_BecomesAnItem_WhoseAnswerIsTheTruth_AmongDistinctValuesOfTheWorld()
    {
        var world = fixture.World;
        Assert.Equal(world.Facts.Count, world.Choices.Count);
        foreach (var (fact, item) in world.Facts.Zip(world.Choices))
        {
            Assert.Equal(fact.Prefix, item.Context);
            Assert.Equal(" " + fact.Truth, item.Options[item.Answer]);
            Assert.Equal(item.Options.Count, item.Options.Distinct().Count());
            Assert.InRange(item.Options.Count, 2, 4);
            if (fact.Misconception is { } wrong)
            {
                Assert.Equal(ChoiceSet.Truthful, item.Kind);
                Assert.Contains(" " + wrong, item.Options);
            }
            else Assert.Equal(ChoiceSet.Cloze, item.Kind);
            var values = world.KnowledgeBase.Entities.SelectMany(e => e.Facts).Where(f => f.Attribute == fact.Attribute).Select(f => " " + f.Value).ToHashSet();
            Assert.All(item.Options, o => Assert.True(values.Contains(o) || o == " " + fact.Misconception, $"{o} is no value of {fact.Attribute}"));
        }
        Assert.Contains(world.Choices, c => c.Kind == ChoiceSet.Truthful);
        Assert.Contains(world.Choices, c => c.Kind == ChoiceSet.Cloze);
        // The truth sits at every position, not always first.
        Assert.True(world.Choices.Select(c => c.Answer).Distinct().Count() > 1);
    }
}

using Microsoft.Extensions.AI;
using Sip.Teacher.Chat;

namespace Sip.Tests.Teacher;

/// <summary>Where an answer ends at a stop sequence, as every sip chat client and sip teacher serve decide it.</summary>
public class AnswerStopsTests
{
    [Fact]
    public void TheFirstStopSequenceToAppear_EndsTheAnswer_LeftOutOfIt()
    {
        var stops = AnswerStops.Of(["END", "b c"], keep: false)!;

        Assert.Equal(2, stops.End("a b c d END"));
        Assert.Null(stops.End("a b d"));
    }

    [Fact]
    public void AKeptStopSequence_StaysAtTheEndOfTheAnswer()
    {
        var stops = AnswerStops.Of(["\nFINAL DECISION: NO\n"], keep: true)!;
        const string answer = "It threatens a person.\nFINAL DECISION: NO\nThat is all.";

        Assert.Equal("It threatens a person.\nFINAL DECISION: NO\n", answer[..stops.End(answer)!.Value]);
    }

    [Fact]
    public void OfTwoStopsStartingTogether_TheShorterEndsTheAnswer_ItWasWrittenFirst()
    {
        var stops = AnswerStops.Of(["ab", "abc"], keep: true)!;

        Assert.Equal(2, stops.End("xabc"[1..]));
    }

    [Fact]
    public void NoStopSequences_OrOnlyEmptyOnes_AreNone()
    {
        Assert.Null(AnswerStops.Of(null, keep: true));
        Assert.Null(AnswerStops.Of(["", ""], keep: false));
        Assert.Null(AnswerStops.Of(new ChatOptions { Temperature = 0 }));
    }

    [Fact]
    public void ChatOptions_AskToKeepTheStop_WithVllmsField()
    {
        var options = new ChatOptions { StopSequences = ["X"], AdditionalProperties = new() { [AnswerStops.KeepProperty] = true } };

        Assert.True(AnswerStops.Of(options)!.Keep);
        Assert.False(AnswerStops.Of(new ChatOptions { StopSequences = ["X"] })!.Keep);
    }
}

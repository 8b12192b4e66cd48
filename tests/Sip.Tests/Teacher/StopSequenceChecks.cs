using Microsoft.Extensions.AI;
using Sip.Teacher.Chat;

namespace Sip.Tests.Teacher;

/// <summary>What every sip chat client must do with <see cref="ChatOptions.StopSequences"/>, checked on its own greedy answers.</summary>
internal static class StopSequenceChecks
{
    /// <summary>
    /// The answer ends where the first stop sequence appears, with finish reason stop: the sequence left out by
    /// default (as OpenAI-compatible servers do), kept when the call asks for it (vLLM's include_stop_str_in_output).
    /// </summary>
    public static async Task AnswersEndAtTheirFirstStopSequence(IChatClient client, IReadOnlyList<ChatMessage> prompt)
    {
        var free = await client.GetResponseAsync(prompt, Greedy());
        // A stop sequence from the middle of the free answer: greedy decoding writes the same text up to it.
        Assert.True(free.Text.Length >= 8, $"the free answer '{free.Text}' is too short to cut");
        string stop = free.Text.Substring(free.Text.Length / 2, 3);
        int at = free.Text.IndexOf(stop, StringComparison.Ordinal);

        var cut = await client.GetResponseAsync(prompt, Greedy([stop, "never written \u2603"]));
        var kept = await client.GetResponseAsync(prompt, Greedy([stop], keep: true));
        var unmatched = await client.GetResponseAsync(prompt, Greedy(["never written \u2603"]));

        Assert.Equal(free.Text[..at], cut.Text);
        Assert.Equal(ChatFinishReason.Stop, cut.FinishReason);
        Assert.Equal(free.Text[..(at + stop.Length)], kept.Text);
        Assert.Equal(ChatFinishReason.Stop, kept.FinishReason);
        Assert.Equal((free.Text, free.FinishReason), (unmatched.Text, unmatched.FinishReason));
    }

    /// <summary>Greedy options; keeping the stop is asked as the chat transport asks it: in the options for in-process clients, as a request field over HTTP.</summary>
    private static ChatOptions Greedy(IList<string>? stops = null, bool keep = false) => new()
    {
        Temperature = 0, TopP = 1, MaxOutputTokens = 24, Seed = 0, StopSequences = stops,
        AdditionalProperties = keep ? new() { [AnswerStops.KeepProperty] = true } : null,
        RawRepresentationFactory = keep ? _ => KeepField() : null,
    };

    private static OpenAI.Chat.ChatCompletionOptions KeepField()
    {
        var options = new OpenAI.Chat.ChatCompletionOptions();
#pragma warning disable SCME0001 // the SDK's only way to add a field it does not model
        options.Patch.Set("$.include_stop_str_in_output"u8, true);
#pragma warning restore SCME0001
        return options;
    }
}

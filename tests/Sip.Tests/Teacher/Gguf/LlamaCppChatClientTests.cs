using Microsoft.Extensions.AI;

namespace Sip.Tests.Teacher.Gguf;

/// <summary>The in-process chat client over llama.cpp: it passes the sampling options through and reports the finish reason.</summary>
[Collection(TinyGgufCollection.Name)]
public sealed class LlamaCppChatClientTests(TinyGgufModel model)
{
    private static readonly ChatMessage[] Prompt = [new(ChatRole.System, "Answer briefly."), new(ChatRole.User, "the kaloter sunde plaing, 42 ranex!")];

    private Task<ChatResponse> Ask(float temperature, int maxTokens, long seed, float topP = 1) =>
        model.Client.GetResponseAsync(Prompt, new ChatOptions { Temperature = temperature, TopP = topP, MaxOutputTokens = maxTokens, Seed = seed });

    [Fact]
    public async Task MaxOutputTokens_BoundsTheAnswer_AndAnAnswerCutThereFinishesWithLength()
    {
        var shortAnswer = await Ask(temperature: 1, maxTokens: 4, seed: 3);
        var longAnswer = await Ask(temperature: 1, maxTokens: 40, seed: 3);

        Assert.InRange(shortAnswer.Usage!.OutputTokenCount!.Value, 1, 4);
        Assert.Equal(shortAnswer.Usage.OutputTokenCount == 4 ? ChatFinishReason.Length : ChatFinishReason.Stop, shortAnswer.FinishReason);
        Assert.InRange(longAnswer.Usage!.OutputTokenCount!.Value, 1, 40);
        // Same seed, same first draws: the short answer is where the long one started.
        Assert.StartsWith(shortAnswer.Text, longAnswer.Text);
        Assert.True(longAnswer.Text.Length > shortAnswer.Text.Length, $"'{longAnswer.Text}' should extend '{shortAnswer.Text}'");
    }

    [Fact]
    public async Task TemperatureZero_IsGreedy_TheSameAnswerForAnySeed()
    {
        var first = await Ask(temperature: 0, maxTokens: 16, seed: 1);
        var again = await Ask(temperature: 0, maxTokens: 16, seed: 1);
        var otherSeed = await Ask(temperature: 0, maxTokens: 16, seed: 99);

        Assert.NotEmpty(first.Text);
        Assert.Equal(first.Text, again.Text);
        Assert.Equal(first.Text, otherSeed.Text);
    }

    [Fact]
    public async Task Temperature_IsPassed_SeedsThenDecideTheAnswer()
    {
        var first = await Ask(temperature: 1.5f, maxTokens: 16, seed: 1);
        var again = await Ask(temperature: 1.5f, maxTokens: 16, seed: 1);
        var otherSeed = await Ask(temperature: 1.5f, maxTokens: 16, seed: 2);
        var greedy = await Ask(temperature: 0, maxTokens: 16, seed: 1);

        Assert.Equal(first.Text, again.Text);
        // 16 draws over a 420-token vocabulary from a flat random model: equal answers would mean the seed or temperature was dropped.
        Assert.NotEqual(first.Text, otherSeed.Text);
        Assert.NotEqual(greedy.Text, first.Text);
    }

    [Fact]
    public async Task TopP_IsPassed_ATinyNucleusKeepsOnlyTheGreedyToken()
    {
        var greedy = await Ask(temperature: 0, maxTokens: 12, seed: 1);
        var nucleus = await Ask(temperature: 1.5f, maxTokens: 12, seed: 7, topP: 1e-6f);

        Assert.Equal(greedy.Text, nucleus.Text);
    }

    [Fact]
    public Task StopSequences_EndTheAnswerWhereTheFirstAppears_LeftOutUnlessKept() => StopSequenceChecks.AnswersEndAtTheirFirstStopSequence(model.Client, Prompt);

    [Fact]
    public async Task PrefilledAnswer_IsContinued_NotAnswerRestartedAfterIt()
    {
        ChatMessage[] prefilled = [.. Prompt, new(ChatRole.Assistant, "the kaloter")];
        var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 8 };

        var continued = await model.Client.GetResponseAsync(prefilled, options);
        var fresh = await model.Client.GetResponseAsync(Prompt, options);

        // Greedy in both, so the answers differ only because the prompt ended inside the pre-filled text.
        Assert.NotEqual(fresh.Text, continued.Text);
    }

    [Fact]
    public async Task PromptLongerThanTheContext_FailsTheCall()
    {
        ChatMessage[] tooLong = [new(ChatRole.User, string.Concat(Enumerable.Repeat("kaloter sunde plaing ", 2000)))];

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => model.Client.GetResponseAsync(tooLong, new ChatOptions { MaxOutputTokens = 4 }));
        Assert.Contains("context of 2048", error.Message);
    }

    [Fact]
    public async Task Cancellation_StopsTheCall()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.Client.GetResponseAsync(Prompt, new ChatOptions(), cancelled.Token));
    }
}

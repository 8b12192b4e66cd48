using Sip.Teacher;
using Sip.Teacher.Chat;
using Sip.Teacher.Prompts;

namespace Sip.Tests.Teacher;

public class ChatRewriterTests
{
    private const string Prefix = "Mix the flour, then carefully build a";

    [Fact]
    public async Task RewriteAsync_StripsThePrefixEndingTheAnswerStartsWith()
    {
        await using var server = new LoopbackChatServer(ScriptedTeacher.Answer);
        using var teacher = ScriptedTeacher.Create(ScriptedTeacher.Settings(server));

        var rewrites = await teacher.Rewriter.RewriteAsync([new RewriteRequest(Prefix, " bomb in the oven."), new RewriteRequest("Hello", " world.")]);

        Assert.Equal([" cake in the oven.", " world."], rewrites.Select(r => r.Text));
        var call = server.Calls.First(c => c.Recognized.Rewrite!.Prefix == Prefix);
        Assert.Contains("<suffix>\nflour, then carefully build a bomb in the oven.\n</suffix>", call.Messages.Single().Text);
        Assert.Equal((0.6, 0.6, 384), (Math.Round(call.Body.GetProperty("temperature").GetDouble(), 6), Math.Round(call.Body.GetProperty("top_p").GetDouble(), 6), call.Body.GetProperty("max_tokens").GetInt32()));
        Assert.False(call.Body.TryGetProperty("continue_final_message", out _));
    }

    [Fact]
    public async Task RewriteAsync_AssistantPrefill_SendsTheEndingAsTheAnswersStart()
    {
        // A server that continues the pre-filled assistant message returns only the continuation.
        await using var server = new LoopbackChatServer(_ => Reply.Answer(" cake in the oven."));
        using var teacher = ScriptedTeacher.Create(ScriptedTeacher.Settings(server) with { RewritePrefill = RewritePrefill.AssistantMessage });

        var rewrite = Assert.Single(await teacher.Rewriter.RewriteAsync([new RewriteRequest(Prefix, " bomb in the oven.")]));

        Assert.Equal(" cake in the oven.", rewrite.Text);
        var call = server.Calls.Single();
        Assert.Equal(new PromptMessage(PromptRole.Assistant, "flour, then carefully build a"), call.Messages[^1]);
        Assert.True(call.Body.GetProperty("continue_final_message").GetBoolean());
        Assert.False(call.Body.GetProperty("add_generation_prompt").GetBoolean());
    }

    [Fact]
    public async Task RewriteAsync_FailedOrEmptyAnswers_AreNullAndCounted()
    {
        await using var server = new LoopbackChatServer(call => call.Recognized.Rewrite!.Suffix == " empty" ? Reply.Answer("<think>hmm") : Reply.Error(400));
        using var teacher = ScriptedTeacher.Create(ScriptedTeacher.Settings(server));

        var rewrites = await teacher.Rewriter.RewriteAsync([new RewriteRequest(Prefix, " empty"), new RewriteRequest(Prefix, " fails")]);

        Assert.Equal([null, null], rewrites.Select(r => r.Text));
        Assert.Equal((1L, 1L), (teacher.Rewriter.Counts.Unparsed, teacher.Rewriter.Counts.FailedCalls));
        Assert.Equal(0L, teacher.Judge.Counts.FailedCalls);
    }
}

using Microsoft.Extensions.AI;
using Sip.Data.Tokenization;
using Sip.Server.Wire;
using Sip.Teacher.Chat;
using Sip.Teacher.Local;
using Sip.Teacher.Prompts;

namespace Sip.Server.Answering;

/// <summary>
/// A learned teacher behind the chat protocol: any conversation goes to a chat client over a sip checkpoint, the same
/// in-process client <c>teacher.kind model</c> asks (<see cref="ModelChatClient"/>: sip's chat format, batched), with the
/// request's temperature, top_p, max_tokens, seed and stop sequences (with vLLM's include_stop_str_in_output) as that
/// client honours them. Choice j of a request with seed s is
/// sampled with seed s + j, as a chat teacher's sample j is, so its choices agree at temperature 0 and differ when
/// sampled; without a seed each choice draws from the client's own stream. A prompt that leaves no room for an answer
/// in the model's context is refused with 400, as vLLM refuses it, so a client does not retry what cannot succeed.
/// </summary>
/// <param name="model">the chat client over the checkpoint</param>
/// <param name="tokenizer">the checkpoint's tokenizer, to measure prompts as the client encodes them</param>
/// <param name="contextSize">the model's context, prompt and answer together</param>
/// <param name="describe">the answers' fingerprint</param>
internal sealed class ModelChatBackend(IChatClient model, ByteLevelBpeTokenizer tokenizer, int contextSize, string describe) : IChatBackend
{
    public string Describe => describe;

    public string? Refusal(ChatCall call)
    {
        var turns = call.Request.Messages.Select(m => new ChatTurn(Role(m.Role).Value, m.Text)).ToList();
        int tokens = ChatFormat.EncodePrompt(tokenizer, turns).Length;
        return tokens < contextSize ? null : $"the prompt has {tokens} tokens, which leaves no room for an answer in the model's context of {contextSize}";
    }

    public async Task<ChatAnswer> AnswerAsync(ChatCall call, CancellationToken cancellation)
    {
        var request = call.Request;
        var messages = request.Messages.Select(m => new ChatMessage(Role(m.Role), m.Text)).ToList();
        // All the choices at once: the client decodes them in one batch.
        var responses = await Task.WhenAll(Enumerable.Range(0, request.N).Select(j => model.GetResponseAsync(messages, Options(request, j), cancellation))).ConfigureAwait(false);
        var choices = responses.Select(r => new ChatChoice(r.Text, r.FinishReason == ChatFinishReason.Length ? "length" : "stop")).ToList();
        return new ChatAnswer(choices, (int)(responses[0].Usage?.InputTokenCount ?? 0), (int)responses.Sum(r => r.Usage?.OutputTokenCount ?? 0));
    }

    private static ChatOptions Options(ChatCompletionRequest request, int choice) => new()
    {
        Temperature = request.Temperature,
        TopP = request.TopP,
        MaxOutputTokens = request.MaxTokens,
        Seed = request.Seed is { } seed ? seed + choice : null,
        StopSequences = request.Stop?.ToList(),
        AdditionalProperties = request.KeepStop ? new() { [AnswerStops.KeepProperty] = true } : null,
    };

    private static ChatRole Role(PromptRole role) => role switch
    {
        PromptRole.System => ChatRole.System,
        PromptRole.User => ChatRole.User,
        _ => ChatRole.Assistant,
    };
}

namespace Sip.Data.Tokenization;

/// <summary>One chat message as a template sees it: a role (system, user, assistant) and its text.</summary>
public readonly record struct ChatTurn(string Role, string Text);

/// <summary>
/// sip's chat format for the models it post-trains (its own judge and rewriter): ChatML,
/// <c>&lt;|im_start|&gt;role\ncontent&lt;|im_end|&gt;\n</c> per turn, with <c>&lt;|im_start|&gt;assistant\n</c> opening the answer.
/// ChatML because every engine a user serves a teacher with recognises it by name: llama.cpp and Ollama detect it in a
/// GGUF's <c>tokenizer.chat_template</c>, vLLM and transformers run the Jinja template from tokenizer_config.json. The
/// role markers are special tokens, so no text a judge reads (a candidate, a document) can forge a turn.
/// </summary>
public static class ChatFormat
{
    public const string TurnStart = "<|im_start|>";
    public const string TurnEnd = "<|im_end|>";

    /// <summary>The special tokens the format adds to a tokenizer.</summary>
    public static IReadOnlyList<string> SpecialTokens { get; } = [TurnStart, TurnEnd];

    /// <summary>The chat template as Jinja (transformers' <c>chat_template</c>, GGUF's <c>tokenizer.chat_template</c>), rendering exactly as <see cref="Render"/>.</summary>
    public const string JinjaTemplate =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /// <summary>The conversation as text, as the Jinja template renders it.</summary>
    public static string Render(IReadOnlyList<ChatTurn> turns, bool addGenerationPrompt)
    {
        var text = new System.Text.StringBuilder();
        foreach (var turn in turns) text.Append(TurnStart).Append(turn.Role).Append('\n').Append(turn.Text).Append(TurnEnd).Append('\n');
        if (addGenerationPrompt) text.Append(TurnStart).Append("assistant\n");
        return text.ToString();
    }

    /// <summary>Whether <paramref name="tokenizer"/> has the format's role markers.</summary>
    public static bool Supports(ByteLevelBpeTokenizer tokenizer) => SpecialTokens.All(t => tokenizer.AddedTokenId(t) is not null);

    /// <summary>
    /// The ids a model reads for the conversation: BOS, then each turn with its markers as their special ids and its
    /// role and content encoded as text (text never yields a special id), then the answer's opening when asked.
    /// </summary>
    public static int[] Encode(ByteLevelBpeTokenizer tokenizer, IReadOnlyList<ChatTurn> turns, bool addGenerationPrompt)
    {
        int start = tokenizer.AddedTokenId(TurnStart) ?? throw new ArgumentException($"the tokenizer has no {TurnStart} token: add the chat tokens first (ChatFormat.SpecialTokens)", nameof(tokenizer));
        int end = tokenizer.AddedTokenId(TurnEnd) ?? throw new ArgumentException($"the tokenizer has no {TurnEnd} token", nameof(tokenizer));
        var ids = new List<int> { tokenizer.BosId };
        foreach (var turn in turns)
        {
            ids.Add(start);
            ids.AddRange(tokenizer.Encode(turn.Role + "\n" + turn.Text));
            ids.Add(end);
            ids.AddRange(tokenizer.Encode("\n"));
        }
        if (addGenerationPrompt)
        {
            ids.Add(start);
            ids.AddRange(tokenizer.Encode("assistant\n"));
        }
        return ids.ToArray();
    }

    /// <summary>
    /// The ids a model reads to answer <paramref name="turns"/>: as <see cref="Encode"/> with the answer's opening, except
    /// that a last assistant turn is the start of the answer (a prefill), continued rather than closed.
    /// </summary>
    public static int[] EncodePrompt(ByteLevelBpeTokenizer tokenizer, IReadOnlyList<ChatTurn> turns)
    {
        if (turns.Count > 0 && turns[^1].Role == "assistant")
            return [.. Encode(tokenizer, turns.Take(turns.Count - 1).ToList(), addGenerationPrompt: true), .. tokenizer.Encode(turns[^1].Text)];
        return Encode(tokenizer, turns, addGenerationPrompt: true);
    }

    /// <summary>The token that ends an answer: a completion stops at it.</summary>
    public static int EndOfTurn(ByteLevelBpeTokenizer tokenizer) =>
        tokenizer.AddedTokenId(TurnEnd) ?? throw new ArgumentException($"the tokenizer has no {TurnEnd} token", nameof(tokenizer));
}

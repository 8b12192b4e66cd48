namespace Sip.Teacher.Prompts;

/// <summary>The part of a model's answer that is its answer: reasoning blocks and chat-format leftovers removed.</summary>
public static class AnswerText
{
    private const string HarmonyFinal = "<|channel|>final<|message|>";

    /// <summary>
    /// The text after the model's thinking: after the last <c>&lt;/think&gt;</c>; after GPT-OSS's final-channel marker when a
    /// server passes the raw harmony format through. Null when the answer opens a <c>&lt;think&gt;</c> block that never
    /// closes (the model ran out of tokens while thinking: there is no answer).
    /// </summary>
    public static string? Final(string raw)
    {
        string text = raw;
        int harmony = text.LastIndexOf(HarmonyFinal, StringComparison.Ordinal);
        if (harmony >= 0)
        {
            text = text[(harmony + HarmonyFinal.Length)..];
            foreach (var end in (string[])["<|return|>", "<|end|>"])
                if (text.EndsWith(end, StringComparison.Ordinal)) text = text[..^end.Length];
        }
        int close = text.LastIndexOf("</think>", StringComparison.OrdinalIgnoreCase);
        if (close >= 0) return text[(close + "</think>".Length)..];
        // Only an opening tag at the very start is the model's own thinking; one further in is quoted text.
        return text.TrimStart().StartsWith("<think>", StringComparison.OrdinalIgnoreCase) ? null : text;
    }
}

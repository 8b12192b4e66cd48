namespace Sip.Server.Wire;

/// <summary>Cuts an answer short, as a token limit or a truncating fault does.</summary>
internal static class AnswerCut
{
    /// <summary>The first <paramref name="length"/> characters, never splitting a surrogate pair.</summary>
    public static string First(string text, int length)
    {
        if (length >= text.Length) return text;
        if (length > 0 && char.IsHighSurrogate(text[length - 1])) length--;
        return text[..length];
    }
}

namespace Sip.Data.Tokenization;

/// <summary>
/// .NET strings may hold a UTF-16 surrogate without its partner, which has no UTF-8 form. sip's tokenizers
/// replace each one by U+FFFD before anything else, so that the result is defined and the same everywhere
/// (trainer, encoder, GPT-2) rather than left to whichever encoder meets it.
/// </summary>
internal static class LoneSurrogates
{
    public static string Replace(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0) return text;
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1])) i++;
            else if (char.IsSurrogate(chars[i])) chars[i] = '\uFFFD';
        }
        return new string(chars);
    }
}

namespace Sip.Data.Tokenization;

/// <summary>
/// GPT-2's reversible map from the 256 byte values to printable characters. Byte-level BPE vocabularies
/// (GPT-2, Llama-3, Qwen) spell their tokens in these characters so that a tokenizer.json stays valid JSON
/// text even for tokens that are partial UTF-8 sequences: a space is "Ġ", a newline "Ċ".
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = BuildByteToChar();
    private static readonly short[] CharToByte = BuildCharToByte(ByteToChar);

    public static char ToChar(byte value) => ByteToChar[value];

    /// <summary>The byte spelled by <paramref name="c"/>, or false when <paramref name="c"/> is not in the alphabet.</summary>
    public static bool TryToByte(char c, out byte value)
    {
        if (c < CharToByte.Length && CharToByte[c] >= 0)
        {
            value = (byte)CharToByte[c];
            return true;
        }
        value = 0;
        return false;
    }

    public static string Spell(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = bytes.Length <= 256 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) chars[i] = ByteToChar[bytes[i]];
        return new string(chars);
    }

    /// <summary>The bytes a token string spells, or null when it holds a character outside the alphabet.</summary>
    public static byte[]? TryUnspell(string token)
    {
        var bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            if (!TryToByte(token[i], out bytes[i])) return null;
        }
        return bytes;
    }

    // Printable Latin-1 bytes stand for themselves; the other 68 (controls, space, 0x7F-0xA0, 0xAD) take
    // the code points from U+0100 upwards in byte order. This is the table GPT-2 published, and every
    // byte-level tokenizer.json depends on it exactly.
    private static char[] BuildByteToChar()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }
        return map;
    }

    private static short[] BuildCharToByte(char[] byteToChar)
    {
        var inverse = new short[byteToChar.Max() + 1];
        Array.Fill(inverse, (short)-1);
        for (var b = 0; b < 256; b++) inverse[byteToChar[b]] = (short)b;
        return inverse;
    }
}

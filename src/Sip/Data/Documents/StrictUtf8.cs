using System.Text;

namespace Sip.Data.Documents;

/// <summary>
/// UTF-8 decoding that refuses bad bytes. The default .NET decoder replaces them with U+FFFD without a word,
/// which would let a corrupt file train the model on garbage.
/// </summary>
internal static class StrictUtf8
{
    private static readonly UTF8Encoding Throwing = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Decodes <paramref name="bytes"/>, or gives the offset of the first invalid byte.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out string text, out int badOffset)
    {
        try
        {
            text = Throwing.GetString(bytes);
            badOffset = -1;
            return true;
        }
        catch (DecoderFallbackException e)
        {
            text = "";
            badOffset = e.Index;
            return false;
        }
    }

    /// <summary>0-based offset of the first byte that is not valid UTF-8, or -1 when all are valid.</summary>
    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes) =>
        System.Text.Unicode.Utf8.IsValid(bytes) ? -1 : TryDecode(bytes, out _, out int offset) ? -1 : offset;

    /// <summary>The bytes without a leading byte-order mark.</summary>
    public static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(Bom) ? bytes[Bom.Length..] : bytes;

    /// <summary>Whether the bytes hold nothing but ASCII whitespace.</summary>
    public static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'\f' or (byte)'\v'))
                return false;
        return true;
    }
}

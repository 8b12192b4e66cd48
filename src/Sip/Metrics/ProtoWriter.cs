using System.Buffers.Binary;
using System.Text;

namespace Sip.Metrics;

/// <summary>
/// The handful of protobuf wire-format encodings a TensorBoard Event needs (varint, fixed32/64,
/// length-delimited). Hand-written because the messages are tiny and a generated-code dependency
/// would be larger than this file.
/// </summary>
internal sealed class ProtoWriter
{
    private const int WireVarint = 0, WireFixed64 = 1, WireLengthDelimited = 2, WireFixed32 = 5;

    private readonly MemoryStream _buffer = new();

    public void WriteDouble(int field, double value)
    {
        WriteTag(field, WireFixed64);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireFixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    /// <summary>int64 and enum fields: negative values take ten bytes (two's complement), as protobuf specifies.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireVarint);
        WriteVarint(unchecked((ulong)value));
    }

    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    public void WriteMessage(int field, ProtoWriter message) => WriteBytes(field, message.ToArray());

    public byte[] ToArray() => _buffer.ToArray();

    private void WriteBytes(int field, byte[] bytes)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)bytes.Length);
        _buffer.Write(bytes);
    }

    private void WriteTag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        _buffer.WriteByte((byte)value);
    }
}

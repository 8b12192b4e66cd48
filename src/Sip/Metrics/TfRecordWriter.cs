using System.Buffers.Binary;

namespace Sip.Metrics;

/// <summary>
/// TFRecord framing: uint64 length, masked CRC-32C of those 8 bytes, the data, masked CRC-32C of the data,
/// all little-endian. The checksums let a reader stop cleanly at a record torn by a crash.
/// </summary>
internal static class TfRecordWriter
{
    public static void Write(Stream stream, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Mask(Crc32C.Compute(header[..8])));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Mask(Crc32C.Compute(data)));
        stream.Write(header);
        stream.Write(data);
        stream.Write(footer);
    }
}

using System.Buffers.Binary;
using System.Text;

namespace Sip.Tests.Metrics;

/// <summary>
/// An event-file reader written from the TFRecord and protobuf specifications, sharing no code with the sink
/// (its CRC is the bit-at-a-time definition, not the sink's table), so the sink cannot agree with itself by accident.
/// </summary>
internal static class TensorBoardTestReader
{
    public sealed record Scalar(string Tag, float Value);

    public sealed record Event(double WallTime, long Step, string? FileVersion, IReadOnlyList<Scalar> Scalars, long? SessionLogStatus);

    public static IReadOnlyList<Event> ReadEvents(string path) => ReadRecords(File.ReadAllBytes(path)).Select(DecodeEvent).ToList();

    /// <summary>Splits TFRecord framing, checking both masked CRCs of every record.</summary>
    public static IReadOnlyList<byte[]> ReadRecords(byte[] file)
    {
        var records = new List<byte[]>();
        int pos = 0;
        while (pos < file.Length)
        {
            if (file.Length - pos < 12) throw new InvalidDataException($"truncated header at {pos}");
            var lengthBytes = file.AsSpan(pos, 8);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 8, 4));
            if (lengthCrc != MaskedCrc(lengthBytes)) throw new InvalidDataException($"length CRC mismatch at {pos}");
            pos += 12;
            if ((ulong)(file.Length - pos) < length + 4) throw new InvalidDataException($"truncated record at {pos}");
            var data = file.AsSpan(pos, (int)length).ToArray();
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + (int)length, 4));
            if (dataCrc != MaskedCrc(data)) throw new InvalidDataException($"data CRC mismatch at {pos}");
            pos += (int)length + 4;
            records.Add(data);
        }
        return records;
    }

    private static Event DecodeEvent(byte[] bytes)
    {
        double wallTime = 0; long step = 0; string? version = null; long? status = null;
        var scalars = new List<Scalar>();
        foreach (var (field, value) in Fields(bytes))
        {
            switch (field)
            {
                case 1: wallTime = BitConverter.Int64BitsToDouble((long)(ulong)value); break;
                case 2: step = (long)(ulong)value; break;
                case 3: version = Encoding.UTF8.GetString((byte[])value); break;
                case 5:
                    foreach (var (summaryField, v) in Fields((byte[])value))
                    {
                        Assert.Equal(1, summaryField);
                        string tag = ""; float simple = float.NaN;
                        foreach (var (valueField, x) in Fields((byte[])v))
                        {
                            if (valueField == 1) tag = Encoding.UTF8.GetString((byte[])x);
                            else if (valueField == 2) simple = BitConverter.Int32BitsToSingle((int)(ulong)x);
                        }
                        scalars.Add(new Scalar(tag, simple));
                    }
                    break;
                case 6:
                    foreach (var (logField, x) in Fields((byte[])value))
                        if (logField == 1) status = (long)(ulong)x;
                    break;
                default: throw new InvalidDataException($"unexpected Event field {field}");
            }
        }
        return new Event(wallTime, step, version, scalars, status);
    }

    /// <summary>Protobuf wire format: varint and fixed values as ulong, length-delimited as byte[].</summary>
    private static IEnumerable<(int Field, object Value)> Fields(byte[] message)
    {
        int pos = 0;
        while (pos < message.Length)
        {
            ulong key = ReadVarint(message, ref pos);
            int field = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0: yield return (field, ReadVarint(message, ref pos)); break;
                case 1: yield return (field, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(pos, 8))); pos += 8; break;
                case 5: yield return (field, (ulong)BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(pos, 4))); pos += 4; break;
                case 2:
                    int length = (int)ReadVarint(message, ref pos);
                    yield return (field, message.AsSpan(pos, length).ToArray());
                    pos += length;
                    break;
                default: throw new InvalidDataException($"unexpected wire type {key & 7}");
            }
        }
    }

    private static ulong ReadVarint(byte[] bytes, ref int pos)
    {
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = bytes[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
    }

    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0x82F63B78u & (uint)-(int)(crc & 1));
        }
        crc = ~crc;
        return unchecked(((crc >> 15) | (crc << 17)) + 0xa282ead8u);
    }
}

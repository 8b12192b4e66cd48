using System.Text;

namespace Sip.Interop;

/// <summary>
/// Reads and validates the header of a GGUF file (versions 2 and 3): metadata, tensor infos and where each tensor's
/// data lies. Every length and offset is checked against the file before it is trusted, so a truncated or malformed
/// file gives a <see cref="SipInputException"/> naming the file and the problem, never a crash or a huge allocation.
/// </summary>
public static class GgufReader
{
    private const int MaxDimensions = 4;

    /// <summary>A metadata value: a scalar (string, bool, or a .NET number of the matching width) or an array of them.</summary>
    public sealed record Value(GgufValueType Type, object Content, GgufValueType? ElementType = null)
    {
        public string AsString() => (string)Content;
        public IReadOnlyList<object> AsArray() => (IReadOnlyList<object>)Content;
    }

    /// <summary>One tensor's info record.</summary>
    /// <param name="Name">llama.cpp's tensor name</param>
    /// <param name="Dimensions">innermost first, as GGUF stores them (the reverse of PyTorch's shape)</param>
    /// <param name="Type">the ggml element type</param>
    /// <param name="Offset">from the start of the data section</param>
    /// <param name="ByteSize">bytes of data</param>
    public sealed record TensorInfo(string Name, long[] Dimensions, GgmlType Type, long Offset, long ByteSize)
    {
        public long[] TorchShape => Dimensions.Reverse().ToArray();
    }

    public sealed record Header(uint Version, IReadOnlyDictionary<string, Value> Metadata, IReadOnlyList<TensorInfo> Tensors, uint Alignment, long DataStart);

    public static Header Read(string path)
    {
        if (!File.Exists(path)) throw new SipInputException(path, null, "file not found");
        using var stream = File.OpenRead(path);
        try
        {
            return Read(new Cursor(stream, path));
        }
        catch (EndOfStreamException e)
        {
            throw new SipInputException(path, null, $"truncated: the file ends inside its header ({stream.Length} bytes)", e);
        }
    }

    private static Header Read(Cursor c)
    {
        if (c.Length < 24) throw c.Error($"not a GGUF file: {c.Length} bytes, shorter than the 24-byte header");
        if (c.UInt32() != GgufWriter.Magic) throw c.Error("not a GGUF file: the first four bytes are not \"GGUF\"");
        uint version = c.UInt32();
        if (version is not (2 or 3)) throw c.Error($"GGUF version {version} is not supported (2 and 3 are)");
        ulong tensorCount = c.UInt64(), kvCount = c.UInt64();
        // Each entry takes at least 8 bytes (a string length), so a count beyond the file's size is corruption.
        if (tensorCount > (ulong)c.Length / 8 || kvCount > (ulong)c.Length / 8)
            throw c.Error($"header counts ({tensorCount} tensors, {kvCount} metadata pairs) are impossible for a file of {c.Length} bytes");

        var metadata = new Dictionary<string, Value>();
        for (ulong i = 0; i < kvCount; i++)
        {
            var key = c.String();
            var type = c.Type();
            if (!metadata.TryAdd(key, c.Value(type, key))) throw c.Error($"metadata key '{key}' appears twice");
        }

        uint alignment = 32;
        if (metadata.TryGetValue(GgufWriter.AlignmentKey, out var align))
        {
            if (align.Content is not uint a || a == 0 || (a & (a - 1)) != 0)
                throw c.Error($"{GgufWriter.AlignmentKey} must be a power-of-two uint32");
            alignment = (uint)align.Content;
        }

        var tensors = new List<TensorInfo>();
        var names = new HashSet<string>();
        for (ulong i = 0; i < tensorCount; i++)
        {
            var name = c.String();
            if (!names.Add(name)) throw c.Error($"tensor '{name}' appears twice");
            uint dimensionCount = c.UInt32();
            if (dimensionCount is 0 or > MaxDimensions) throw c.Error($"tensor '{name}' has {dimensionCount} dimensions (1 to {MaxDimensions} allowed)");
            var dimensions = new long[dimensionCount];
            for (int d = 0; d < dimensionCount; d++)
            {
                ulong size = c.UInt64();
                if (size == 0 || size > (ulong)c.Length * 8) throw c.Error($"tensor '{name}' has an impossible dimension {size}");
                dimensions[d] = (long)size;
            }
            var type = (GgmlType)c.UInt32();
            if (GgmlTypes.Block(type) is null) throw c.Error($"tensor '{name}' has ggml type {(uint)type}, which sip's reader does not know");
            ulong offset = c.UInt64();
            if (offset % alignment != 0) throw c.Error($"tensor '{name}' starts at offset {offset}, not a multiple of the alignment {alignment}");
            long bytes;
            try
            {
                long elements = dimensions.Aggregate(1L, (x, y) => checked(x * y));
                bytes = GgmlTypes.ByteSize(type, elements, dimensions[0]);
            }
            catch (Exception e) when (e is OverflowException or ArgumentException)
            {
                throw c.Error($"tensor '{name}': {e.Message}");
            }
            tensors.Add(new TensorInfo(name, dimensions, type, (long)Math.Min(offset, long.MaxValue), bytes));
        }

        long dataStart = (c.Position + alignment - 1) / alignment * alignment;
        long dataLength = c.Length - dataStart;
        long end = 0;
        foreach (var t in tensors.OrderBy(t => t.Offset))
        {
            if (t.Offset < end) throw c.Error($"tensor '{t.Name}' at offset {t.Offset} overlaps the tensor before it (which ends at {end})");
            if (t.Offset > dataLength || t.ByteSize > dataLength - t.Offset)
                throw c.Error($"truncated: tensor '{t.Name}' needs {t.ByteSize} bytes from data offset {t.Offset}, but the file holds {Math.Max(0, dataLength)} data bytes");
            end = t.Offset + t.ByteSize;
        }
        return new Header(version, metadata, tensors, alignment, dataStart);
    }

    /// <summary>Sequential little-endian reads with bounds checked against the file.</summary>
    private sealed class Cursor(FileStream stream, string path)
    {
        private readonly BinaryReader _reader = new(stream, Encoding.UTF8, leaveOpen: true);

        public long Length { get; } = stream.Length;
        public long Position => stream.Position;

        public SipInputException Error(string reason) => new(path, null, reason);

        public uint UInt32() => _reader.ReadUInt32();
        public ulong UInt64() => _reader.ReadUInt64();

        public GgufValueType Type()
        {
            uint type = _reader.ReadUInt32();
            if (type > (uint)GgufValueType.Float64) throw Error($"unknown metadata value type {type} at byte {Position - 4}");
            return (GgufValueType)type;
        }

        public string String()
        {
            ulong length = _reader.ReadUInt64();
            if (length > (ulong)(Length - Position)) throw Error($"a string of {length} bytes at byte {Position - 8} runs past the end of the file");
            var bytes = _reader.ReadBytes((int)length);
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new SipInputException(path, null, $"a string at byte {Position - (long)length} is not valid UTF-8", e);
            }
        }

        public Value Value(GgufValueType type, string key)
        {
            if (type != GgufValueType.Array) return new Value(type, Scalar(type));
            var elementType = Type();
            if (elementType == GgufValueType.Array) throw Error($"metadata '{key}': arrays of arrays are not supported");
            ulong count = UInt64();
            if (count > (ulong)(Length - Position)) throw Error($"metadata '{key}': an array of {count} elements cannot fit in the rest of the file");
            var items = new object[count];
            for (ulong i = 0; i < count; i++) items[i] = Scalar(elementType);
            return new Value(type, items, elementType);
        }

        private object Scalar(GgufValueType type) => type switch
        {
            GgufValueType.UInt8 => _reader.ReadByte(),
            GgufValueType.Int8 => _reader.ReadSByte(),
            GgufValueType.UInt16 => _reader.ReadUInt16(),
            GgufValueType.Int16 => _reader.ReadInt16(),
            GgufValueType.UInt32 => _reader.ReadUInt32(),
            GgufValueType.Int32 => _reader.ReadInt32(),
            GgufValueType.Float32 => _reader.ReadSingle(),
            GgufValueType.Bool => _reader.ReadByte() switch { 0 => false, 1 => true, var b => throw Error($"a bool holds {b}") },
            GgufValueType.String => String(),
            GgufValueType.UInt64 => _reader.ReadUInt64(),
            GgufValueType.Int64 => _reader.ReadInt64(),
            GgufValueType.Float64 => _reader.ReadDouble(),
            _ => throw Error($"value type {type} cannot appear here"),
        };
    }
}

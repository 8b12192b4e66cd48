using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace Sip.Model.Checkpoints;

/// <summary>
/// The Hugging Face safetensors format, read and written directly: an 8-byte little-endian header length, a JSON header
/// mapping each tensor name to its dtype, shape and [begin, end) byte offsets (plus an optional "__metadata__" map of
/// strings), then the raw little-endian bytes. Reading validates every offset, so a truncated or malformed file gives a
/// clear error instead of a crash.
/// </summary>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 100_000_000; // the format's own limit

    private static readonly Dictionary<ScalarType, string> DTypeNames = new()
    {
        [ScalarType.Float64] = "F64", [ScalarType.Float32] = "F32", [ScalarType.BFloat16] = "BF16", [ScalarType.Float16] = "F16",
        [ScalarType.Int64] = "I64", [ScalarType.Int32] = "I32", [ScalarType.Int16] = "I16", [ScalarType.Int8] = "I8",
        [ScalarType.Byte] = "U8", [ScalarType.Bool] = "BOOL",
    };

    private static readonly Dictionary<string, ScalarType> DTypes = DTypeNames.ToDictionary(kv => kv.Value, kv => kv.Key);

    public static int ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.BFloat16 or ScalarType.Float16 or ScalarType.Int16 => 2,
        ScalarType.Int8 or ScalarType.Byte or ScalarType.Bool => 1,
        _ => throw new NotSupportedException($"dtype {dtype} has no safetensors name"),
    };

    /// <summary>Writes <paramref name="tensors"/> (sorted by name, so output is deterministic) atomically to <paramref name="path"/>.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
            header["__metadata__"] = new JsonObject(metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))));
        var ordered = tensors.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        long offset = 0;
        foreach (var (name, t) in ordered)
        {
            if (!DTypeNames.TryGetValue(t.dtype, out var dtypeName)) throw new NotSupportedException($"tensor '{name}' has dtype {t.dtype}, which safetensors cannot hold");
            long bytes = t.numel() * ElementSize(t.dtype);
            header[name] = new JsonObject
            {
                ["dtype"] = dtypeName,
                ["shape"] = new JsonArray(t.shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        int padding = (8 - headerBytes.Length % 8) % 8; // align the data to 8 bytes, padding with spaces as the spec allows
        long headerLength = headerBytes.Length + padding;

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(length, headerLength);
                stream.Write(length);
                stream.Write(headerBytes);
                for (int i = 0; i < padding; i++) stream.WriteByte((byte)' ');
                foreach (var (_, t) in ordered)
                {
                    using var contiguous = t.detach().contiguous();
                    stream.Write(contiguous.bytes);
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>One tensor's entry in a file header.</summary>
    public sealed record Entry(string Name, string DType, long[] Shape, long Begin, long End);

    /// <summary>A parsed, validated header.</summary>
    public sealed record Header(IReadOnlyList<Entry> Entries, IReadOnlyDictionary<string, string> Metadata, long DataStart);

    /// <summary>Reads and validates the header of <paramref name="path"/> without reading the tensors.</summary>
    public static Header ReadHeader(string path)
    {
        if (!File.Exists(path)) throw new SipInputException(path, null, "file not found");
        using var stream = File.OpenRead(path);
        return ReadHeader(stream, path);
    }

    private static Header ReadHeader(FileStream stream, string path)
    {
        long fileLength = stream.Length;
        if (fileLength < 8) throw new SipInputException(path, null, $"not a safetensors file: {fileLength} bytes, shorter than the 8-byte header length");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > fileLength)
            throw new SipInputException(path, null, $"header length {headerLength} is impossible for a file of {fileLength} bytes (truncated or not safetensors)");
        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);

        JsonObject root;
        try
        {
            root = JsonNode.Parse(headerBytes) as JsonObject ?? throw new SipInputException(path, null, "header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new SipInputException(path, null, $"header is not valid JSON: {e.Message}", e);
        }

        long dataStart = 8 + headerLength, dataLength = fileLength - dataStart;
        var metadata = new Dictionary<string, string>();
        var entries = new List<Entry>();
        foreach (var (name, node) in root)
        {
            if (name == "__metadata__")
            {
                if (node is not JsonObject meta) throw new SipInputException(path, null, "__metadata__ must be an object of strings");
                foreach (var (key, value) in meta)
                    metadata[key] = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : throw new SipInputException(path, null, $"__metadata__ value '{key}' is not a string");
                continue;
            }
            entries.Add(ParseEntry(path, name, node, dataLength));
        }

        // Tensors must tile the data region exactly: no overlap, no gap, nothing past the end.
        long expected = 0;
        foreach (var entry in entries.OrderBy(e => e.Begin))
        {
            if (entry.Begin != expected)
                throw new SipInputException(path, null, $"tensor '{entry.Name}' starts at byte {entry.Begin}, expected {expected} (overlapping or gapped offsets)");
            expected = entry.End;
        }
        if (expected != dataLength)
            throw new SipInputException(path, null, $"tensor data covers {expected} bytes but the file holds {dataLength} after the header (truncated or padded file)");
        return new Header(entries, metadata, dataStart);
    }

    private static Entry ParseEntry(string path, string name, JsonNode? node, long dataLength)
    {
        try
        {
            var obj = node as JsonObject ?? throw new FormatException("entry is not an object");
            var dtype = obj["dtype"]?.GetValue<string>() ?? throw new FormatException("missing dtype");
            if (!DTypes.ContainsKey(dtype)) throw new FormatException($"unsupported dtype '{dtype}'");
            var shape = (obj["shape"] as JsonArray ?? throw new FormatException("missing shape")).Select(d => d!.GetValue<long>()).ToArray();
            if (shape.Any(d => d < 0)) throw new FormatException("negative dimension");
            var offsets = obj["data_offsets"] as JsonArray ?? throw new FormatException("missing data_offsets");
            if (offsets.Count != 2) throw new FormatException("data_offsets must have two numbers");
            long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
            if (begin < 0 || end < begin || end > dataLength) throw new FormatException($"data_offsets [{begin}, {end}) fall outside the {dataLength} data bytes");
            long expectedBytes = shape.Aggregate(1L, (a, b) => checked(a * b)) * ElementSize(DTypes[dtype]);
            if (end - begin != expectedBytes) throw new FormatException($"holds {end - begin} bytes, but {dtype} of shape [{string.Join(",", shape)}] needs {expectedBytes}");
            return new Entry(name, dtype, shape, begin, end);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or JsonException or OverflowException)
        {
            throw new SipInputException(path, null, $"tensor '{name}': {e.Message}", e);
        }
    }

    /// <summary>Reads every tensor of <paramref name="path"/> (and its metadata), validating the header first.</summary>
    public static (Dictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Load(string path)
    {
        if (!File.Exists(path)) throw new SipInputException(path, null, "file not found");
        using var stream = File.OpenRead(path);
        var header = ReadHeader(stream, path);
        var tensors = new Dictionary<string, Tensor>();
        foreach (var entry in header.Entries)
        {
            var t = empty(entry.Shape, DTypes[entry.DType]);
            stream.Position = header.DataStart + entry.Begin;
            stream.ReadExactly(t.bytes);
            tensors[entry.Name] = t;
        }
        return (tensors, header.Metadata);
    }
}

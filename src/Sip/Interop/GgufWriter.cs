using System.Buffers.Binary;
using System.Text;
using static TorchSharp.torch;

namespace Sip.Interop;

/// <summary>
/// Writes a GGUF version 3 file (ggml's single-file model format): the magic "GGUF", version, tensor and metadata
/// counts, the metadata key/value pairs, one info record per tensor (name, dimensions innermost first, ggml type,
/// offset), then the tensor data, every tensor starting on an <see cref="Alignment"/>-byte boundary. Little-endian
/// throughout. The file is written beside its target and renamed, so a crash never leaves half a model.
/// </summary>
public sealed class GgufWriter
{
    public const uint Version = 3;
    public const uint Magic = 0x46554747; // "GGUF" read as a little-endian uint32
    public const string AlignmentKey = "general.alignment";

    private readonly List<(string Key, GgufValueType Type, Action<BinaryWriter> Write)> _metadata = [];
    private readonly HashSet<string> _keys = [];
    private readonly List<(string Name, long[] Shape, GgmlType Type, Tensor Data)> _tensors = [];
    private readonly HashSet<string> _tensorNames = [];

    /// <param name="alignment">data alignment in bytes (a power of two); recorded as general.alignment</param>
    public GgufWriter(uint alignment = 32)
    {
        if (alignment == 0 || (alignment & (alignment - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(alignment), "must be a power of two");
        Alignment = alignment;
        AddUInt32(AlignmentKey, alignment);
    }

    public uint Alignment { get; }

    public int MetadataCount => _metadata.Count;

    public void AddString(string key, string value) => Add(key, GgufValueType.String, w => WriteString(w, value));
    public void AddUInt32(string key, uint value) => Add(key, GgufValueType.UInt32, w => w.Write(value));
    public void AddInt32(string key, int value) => Add(key, GgufValueType.Int32, w => w.Write(value));
    public void AddFloat32(string key, float value) => Add(key, GgufValueType.Float32, w => w.Write(value));
    public void AddBool(string key, bool value) => Add(key, GgufValueType.Bool, w => w.Write((byte)(value ? 1 : 0)));

    public void AddStrings(string key, IReadOnlyList<string> values) => Add(key, GgufValueType.Array, w =>
    {
        w.Write((uint)GgufValueType.String);
        w.Write((ulong)values.Count);
        foreach (var v in values) WriteString(w, v);
    });

    public void AddInt32s(string key, IReadOnlyList<int> values) => Add(key, GgufValueType.Array, w =>
    {
        w.Write((uint)GgufValueType.Int32);
        w.Write((ulong)values.Count);
        foreach (var v in values) w.Write(v);
    });

    /// <summary>
    /// Queues a tensor. <paramref name="data"/> has PyTorch's shape (outermost first); GGUF records it innermost first,
    /// which is the same memory layout. It is converted to <paramref name="type"/> when the file is written.
    /// </summary>
    public void AddTensor(string name, Tensor data, GgmlType type)
    {
        if (type is not (GgmlType.F32 or GgmlType.F16 or GgmlType.BF16)) throw new ArgumentException($"sip writes F32, F16 and BF16 tensors, not {type}", nameof(type));
        if (!_tensorNames.Add(name)) throw new ArgumentException($"tensor '{name}' added twice", nameof(name));
        if (data.dim() is < 1 or > 4) throw new ArgumentException($"tensor '{name}' has {data.dim()} dimensions; GGUF holds 1 to 4", nameof(data));
        _tensors.Add((name, data.shape, type, data));
    }

    /// <summary>Writes the file.</summary>
    public void Write(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                WriteTo(writer);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private void WriteTo(BinaryWriter w)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("GGUF writing assumes a little-endian machine");
        w.Write(Magic);
        w.Write(Version);
        w.Write((ulong)_tensors.Count);
        w.Write((ulong)_metadata.Count);
        foreach (var (key, type, write) in _metadata)
        {
            WriteString(w, key);
            w.Write((uint)type);
            write(w);
        }

        long offset = 0;
        var offsets = new long[_tensors.Count];
        for (int i = 0; i < _tensors.Count; i++)
        {
            var (name, shape, type, data) = _tensors[i];
            offsets[i] = offset;
            WriteString(w, name);
            w.Write((uint)shape.Length);
            for (int d = shape.Length - 1; d >= 0; d--) w.Write((ulong)shape[d]); // ggml: ne[0] is the innermost dimension
            w.Write((uint)type);
            w.Write((ulong)offset);
            offset = Align(offset + GgmlTypes.ByteSize(type, data.numel(), shape[^1]));
        }

        Pad(w);
        long dataStart = w.BaseStream.Position;
        for (int i = 0; i < _tensors.Count; i++)
        {
            var (_, _, type, data) = _tensors[i];
            if (w.BaseStream.Position - dataStart != offsets[i]) throw new InvalidOperationException("GGUF tensor offsets drifted (a bug in the writer)");
            using (var converted = data.detach().to(ScalarTypeOf(type)).contiguous())
                w.Write(converted.bytes);
            Pad(w);
        }
    }

    private static ScalarType ScalarTypeOf(GgmlType type) => type switch
    {
        GgmlType.F16 => ScalarType.Float16,
        GgmlType.BF16 => ScalarType.BFloat16,
        _ => ScalarType.Float32,
    };

    private void Add(string key, GgufValueType type, Action<BinaryWriter> write)
    {
        if (!_keys.Add(key)) throw new ArgumentException($"metadata key '{key}' added twice", nameof(key));
        _metadata.Add((key, type, write));
    }

    private long Align(long position) => (position + Alignment - 1) / Alignment * Alignment;

    private void Pad(BinaryWriter w)
    {
        long position = w.BaseStream.Position;
        for (long i = position; i < Align(position); i++) w.Write((byte)0);
    }

    private static void WriteString(BinaryWriter w, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }
}

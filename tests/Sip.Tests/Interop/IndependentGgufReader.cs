using System.Text;

namespace Sip.Tests.Interop;

/// <summary>
/// A minimal GGUF v3 reader written from the specification, sharing no code with sip's writer or reader: magic,
/// version, typed metadata, tensor infos, alignment padding, and each tensor's bytes. Checks as it reads: offsets
/// aligned and increasing without overlap, data inside the file, known value and tensor types.
/// </summary>
internal sealed class IndependentGgufReader
{
    public sealed record Tensor(string Name, ulong[] Dims, uint Type, ulong Offset, byte[] Bytes);

    public uint Version { get; private init; }
    public Dictionary<string, (uint Type, object Value)> Metadata { get; } = [];
    public List<Tensor> Tensors { get; } = [];
    public long DataStart { get; private set; }
    public long FileLength { get; private init; }

    private static readonly Dictionary<uint, int> TensorTypeBytes = new() { [0] = 4, [1] = 2, [30] = 2 };

    public static IndependentGgufReader Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        using var reader = new BinaryReader(new MemoryStream(bytes));
        Assert.Equal("GGUF", Encoding.ASCII.GetString(reader.ReadBytes(4)));
        var gguf = new IndependentGgufReader { Version = reader.ReadUInt32(), FileLength = bytes.Length };
        ulong tensorCount = reader.ReadUInt64(), kvCount = reader.ReadUInt64();
        for (ulong i = 0; i < kvCount; i++)
        {
            var key = ReadString(reader);
            uint type = reader.ReadUInt32();
            Assert.True(gguf.Metadata.TryAdd(key, (type, ReadValue(reader, type))), $"duplicate key {key}");
        }
        uint alignment = gguf.Metadata.TryGetValue("general.alignment", out var a) ? (uint)a.Value : 32;

        var infos = new List<(string Name, ulong[] Dims, uint Type, ulong Offset)>();
        for (ulong i = 0; i < tensorCount; i++)
        {
            var name = ReadString(reader);
            uint dimensions = reader.ReadUInt32();
            var dims = Enumerable.Range(0, (int)dimensions).Select(_ => reader.ReadUInt64()).ToArray();
            infos.Add((name, dims, reader.ReadUInt32(), reader.ReadUInt64()));
        }
        long position = reader.BaseStream.Position;
        gguf.DataStart = (position + alignment - 1) / alignment * alignment;
        Assert.All(bytes.AsSpan((int)position, (int)(gguf.DataStart - position)).ToArray(), b => Assert.Equal(0, b));

        ulong previousEnd = 0;
        foreach (var (name, dims, type, offset) in infos)
        {
            Assert.True(offset % alignment == 0, $"{name}: offset {offset} is not a multiple of {alignment}");
            Assert.True(offset >= previousEnd, $"{name}: overlaps the previous tensor");
            Assert.True(TensorTypeBytes.ContainsKey(type), $"{name}: unexpected tensor type {type}");
            ulong size = dims.Aggregate(1UL, (x, y) => x * y) * (ulong)TensorTypeBytes[type];
            Assert.True((long)(offset + size) <= bytes.Length - gguf.DataStart, $"{name}: data runs past the end of the file");
            gguf.Tensors.Add(new Tensor(name, dims, type, offset, bytes.AsSpan((int)(gguf.DataStart + (long)offset), (int)size).ToArray()));
            previousEnd = offset + size;
        }
        return gguf;
    }

    public object this[string key] => Metadata[key].Value;

    public uint TypeOf(string key) => Metadata[key].Type;

    public Tensor TensorNamed(string name) => Tensors.Single(t => t.Name == name);

    private static string ReadString(BinaryReader reader) => Encoding.UTF8.GetString(reader.ReadBytes(checked((int)reader.ReadUInt64())));

    private static object ReadValue(BinaryReader reader, uint type) => type switch
    {
        0 => reader.ReadByte(),
        1 => reader.ReadSByte(),
        2 => reader.ReadUInt16(),
        3 => reader.ReadInt16(),
        4 => reader.ReadUInt32(),
        5 => reader.ReadInt32(),
        6 => reader.ReadSingle(),
        7 => reader.ReadByte() != 0,
        8 => ReadString(reader),
        9 => ReadArray(reader),
        10 => reader.ReadUInt64(),
        11 => reader.ReadInt64(),
        12 => reader.ReadDouble(),
        _ => throw new Xunit.Sdk.XunitException($"unknown GGUF value type {type}"),
    };

    private static (uint ElementType, object[] Items) ReadArray(BinaryReader reader)
    {
        uint elementType = reader.ReadUInt32();
        ulong count = reader.ReadUInt64();
        var items = new object[count];
        for (ulong i = 0; i < count; i++) items[i] = ReadValue(reader, elementType);
        return (elementType, items);
    }
}

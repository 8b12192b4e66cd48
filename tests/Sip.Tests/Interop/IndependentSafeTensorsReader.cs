using System.Buffers.Binary;
using System.Text.Json;

namespace Sip.Tests.Interop;

/// <summary>
/// A safetensors reader written from the format's description alone, sharing no code with sip's: it checks what a
/// consumer such as transformers relies on (header length, JSON header, dtype names, shapes, offsets that tile the data
/// region in order) and returns each tensor's raw bytes. Any violation fails the test with a message.
/// </summary>
internal static class IndependentSafeTensorsReader
{
    public sealed record Tensor(string DType, long[] Shape, byte[] Bytes);

    public sealed record File(Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata, long HeaderLength);

    private static readonly Dictionary<string, int> ElementBytes = new() { ["F32"] = 4, ["F16"] = 2, ["BF16"] = 2, ["F64"] = 8, ["I64"] = 8 };

    public static File Read(string path)
    {
        var bytes = System.IO.File.ReadAllBytes(path);
        Assert.True(bytes.Length >= 8, "shorter than the length prefix");
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        Assert.InRange(headerLength, 2, bytes.Length - 8);
        Assert.True(headerLength % 8 == 0, $"header length {headerLength} does not keep the data 8-byte aligned");
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        long dataStart = 8 + headerLength, dataLength = bytes.Length - dataStart;

        var tensors = new Dictionary<string, Tensor>();
        var metadata = new Dictionary<string, string>();
        var spans = new List<(long Begin, long End, string Name)>();
        foreach (var property in header.RootElement.EnumerateObject())
        {
            if (property.Name == "__metadata__")
            {
                foreach (var m in property.Value.EnumerateObject()) metadata[m.Name] = m.Value.GetString()!;
                continue;
            }
            var dtype = property.Value.GetProperty("dtype").GetString()!;
            Assert.True(ElementBytes.ContainsKey(dtype), $"{property.Name}: unknown dtype {dtype}");
            var shape = property.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            Assert.Equal(2, offsets.Length);
            long size = shape.Aggregate(1L, (a, b) => a * b) * ElementBytes[dtype];
            Assert.True(offsets[1] - offsets[0] == size, $"{property.Name}: {offsets[1] - offsets[0]} bytes for {dtype} {string.Join("x", shape)}");
            spans.Add((offsets[0], offsets[1], property.Name));
            tensors[property.Name] = new Tensor(dtype, shape, bytes.AsSpan((int)(dataStart + offsets[0]), (int)size).ToArray());
        }
        long expected = 0;
        foreach (var (begin, end, name) in spans.OrderBy(s => s.Begin))
        {
            Assert.True(begin == expected, $"{name} starts at {begin}, expected {expected}: offsets must be contiguous");
            expected = end;
        }
        Assert.True(expected == dataLength, $"tensors cover {expected} of {dataLength} data bytes");
        return new File(tensors, metadata, headerLength);
    }
}

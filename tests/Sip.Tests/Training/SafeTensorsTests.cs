using System.Buffers.Binary;
using System.Text;
using Sip.Model.Checkpoints;
using static TorchSharp.torch;

namespace Sip.Tests.Training;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sip-st-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void SaveThenLoad_IsBitExact_ForEveryDtypeWeUse()
    {
        var path = Path.Combine(_dir, "a.safetensors");
        var tensors = new Dictionary<string, Tensor>
        {
            ["w"] = randn(3, 5), ["b"] = randn(7).to(ScalarType.BFloat16), ["step"] = tensor(new long[] { 42 }),
            ["h"] = randn(2, 2).to(ScalarType.Float16), ["empty"] = zeros(0, 4),
        };
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });

        var (loaded, metadata) = SafeTensors.Load(path);

        Assert.Equal("pt", metadata["format"]);
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.dtype, loaded[name].dtype);
            Assert.Equal(t.shape, loaded[name].shape);
            Assert.Equal(t.bytes.ToArray(), loaded[name].bytes.ToArray());
        }
    }

    [Fact]
    public void Header_IsAlignedJson_WithContiguousOffsets()
    {
        var path = Path.Combine(_dir, "b.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["z"] = ones(2), ["a"] = ones(3) });
        var bytes = File.ReadAllBytes(path);
        long headerLength = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        Assert.Equal(0, headerLength % 8);
        var json = Encoding.UTF8.GetString(bytes, 8, (int)headerLength).TrimEnd();
        Assert.Equal("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},\"z\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", json);
        Assert.Equal(8 + headerLength + 20, bytes.Length);
    }

    [Theory]
    [InlineData("truncated", "truncated")]
    [InlineData("tiny", "shorter than the 8-byte header length")]
    [InlineData("huge-header", "header length")]
    [InlineData("bad-json", "header is not valid JSON")]
    [InlineData("bad-dtype", "unsupported dtype 'Q7'")]
    [InlineData("wrong-size", "needs 12")]
    [InlineData("overlap", "expected 12")]
    public void MalformedFiles_GiveAClearErrorNamingTheFile(string kind, string expected)
    {
        var path = Path.Combine(_dir, kind + ".safetensors");
        var good = Path.Combine(_dir, "good.safetensors");
        SafeTensors.Save(good, new Dictionary<string, Tensor> { ["a"] = ones(3), ["b"] = ones(3) });
        var bytes = File.ReadAllBytes(good);
        byte[] Header(string json)
        {
            var h = Encoding.UTF8.GetBytes(json);
            var result = new byte[8 + h.Length + 24];
            BinaryPrimitives.WriteInt64LittleEndian(result, h.Length);
            h.CopyTo(result, 8);
            return result;
        }
        File.WriteAllBytes(path, kind switch
        {
            "truncated" => bytes[..^5],
            "tiny" => bytes[..5],
            "huge-header" => [.. BitConverter.GetBytes(long.MaxValue), .. bytes[8..]],
            "bad-json" => Header("{\"a\": [1, 2"),
            "bad-dtype" => Header("{\"a\":{\"dtype\":\"Q7\",\"shape\":[3],\"data_offsets\":[0,12]}}"),
            "wrong-size" => Header("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,24]}}"),
            "overlap" => Header("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[8,20]}}"),
            _ => throw new ArgumentException(kind),
        });

        var error = Assert.Throws<SipInputException>(() => SafeTensors.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }
}

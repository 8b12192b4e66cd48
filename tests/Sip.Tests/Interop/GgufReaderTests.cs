using Sip.Interop;
using Sip.Tests.Metrics;

namespace Sip.Tests.Interop;

/// <summary>sip's own GGUF reader: it accepts what the writer writes, and turns every malformed file into a clear error.</summary>
public sealed class GgufReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    public void Dispose() => _dir.Dispose();

    private byte[] SmallGguf()
    {
        var checkpoint = _dir.File("ckpt");
        InteropModels.SaveCheckpoint(checkpoint, InteropModels.Config(tied: true) with { Layers = 1 }).Dispose();
        GgufExporter.Export(checkpoint, _dir.File("model.gguf"));
        return File.ReadAllBytes(_dir.File("model.gguf"));
    }

    [Fact]
    public void Read_ReturnsWhatTheWriterWrote()
    {
        SmallGguf();

        var header = GgufReader.Read(_dir.File("model.gguf"));

        Assert.Equal(3u, header.Version);
        Assert.Equal(32u, header.Alignment);
        Assert.Equal("llama", header.Metadata["general.architecture"].AsString());
        Assert.Equal(11, header.Tensors.Count); // embeddings, 9 per block, final norm (tied: no output)
        Assert.Equal([64L, InteropModels.Tokenizer.VocabSize], header.Tensors.Single(t => t.Name == "token_embd.weight").Dimensions);
    }

    [Fact]
    public void EveryTruncation_IsASipInputException()
    {
        var bytes = SmallGguf();
        var path = _dir.File("cut.gguf");
        // Cut points through the header, the metadata, the tensor infos and the data.
        var cuts = Enumerable.Range(0, 64).Select(i => (int)((long)bytes.Length * i / 64)).Concat([3, 8, 23, 25, bytes.Length - 1]).Distinct();
        foreach (var length in cuts)
        {
            File.WriteAllBytes(path, bytes[..length]);
            var error = Assert.Throws<SipInputException>(() => GgufReader.Read(path));
            Assert.StartsWith(path, error.Message);
        }
    }

    [Fact]
    public void CorruptedBytes_NeverCrashTheReader()
    {
        var bytes = SmallGguf();
        var path = _dir.File("bad.gguf");
        var rng = new Rng(3);
        // Flip bytes in the part that holds lengths, counts, types and offsets (the first few KB).
        for (int trial = 0; trial < 300; trial++)
        {
            var copy = (byte[])bytes.Clone();
            int at = rng.NextInt(0, Math.Min(copy.Length, 4096));
            copy[at] = (byte)rng.NextInt(0, 256);
            File.WriteAllBytes(path, copy);
            try
            {
                GgufReader.Read(path);
            }
            catch (SipInputException)
            {
                // a clear refusal is the other acceptable outcome
            }
        }
    }

    [Theory]
    [InlineData(0, new byte[] { (byte)'G', (byte)'G', (byte)'M', (byte)'L' }, "not a GGUF file")]
    [InlineData(4, new byte[] { 9, 0, 0, 0 }, "GGUF version 9 is not supported")]
    [InlineData(8, new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f }, "impossible")]
    [InlineData(24, new byte[] { 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0 }, "runs past the end of the file")]
    public void MalformedHeader_IsExplained(int offset, byte[] patch, string expected)
    {
        var bytes = SmallGguf();
        patch.CopyTo(bytes, offset);
        var path = _dir.File("bad.gguf");
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<SipInputException>(() => GgufReader.Read(path));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void MisalignedTensorOffset_IsRefused()
    {
        var writer = new GgufWriter();
        writer.AddTensor("a", TorchSharp.torch.ones(3), GgmlType.F32);
        writer.AddTensor("b", TorchSharp.torch.ones(5), GgmlType.F32);
        var path = _dir.File("t.gguf");
        writer.Write(path);
        var bytes = File.ReadAllBytes(path);
        // Tensor "b"'s info: name (length 1, "b"), 1 dimension of 5, type F32, then its offset, 32; make the offset 36.
        byte[] info = [1, 0, 0, 0, 0, 0, 0, 0, (byte)'b', 1, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32];
        int at = bytes.AsSpan().IndexOf(info);
        Assert.True(at > 0);
        bytes[at + info.Length - 1] = 36;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<SipInputException>(() => GgufReader.Read(path));

        Assert.Contains("not a multiple of the alignment 32", error.Message);
    }
}

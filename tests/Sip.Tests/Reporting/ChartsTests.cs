using System.Buffers.Binary;
using Sip.Reporting;

namespace Sip.Tests.Reporting;

public sealed class ChartsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sip-charts-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>Width and height from the PNG's IHDR chunk, after checking the signature.</summary>
    internal static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void Lines_WriteAPngOfTheReportSize()
    {
        var path = Path.Combine(_dir, "loss.png");
        Charts.Lines(path, "loss", "nats", [new("ntp", [1, 2, 3], [3, 2.5, 2.2]), new("sip", [1, 2, 3], [3, 2.4, 2.0])], smooth: 2);
        Assert.Equal((Charts.Width, Charts.Height), PngSize(path));
    }

    [Fact]
    public void GroupedBars_WithIntervals_AndAMissingBar_WriteAPng()
    {
        var path = Path.Combine(_dir, "table.png");
        Charts.GroupedBars(path, "final", "%", ["quality", "safety"], ["ntp", "sip"],
            [[new(50, 45, 55), new(80, 70, 88)], [new(70, 62, 77), new(double.NaN, double.NaN, double.NaN)]]);
        Assert.Equal((Charts.Width, Charts.Height), PngSize(path));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(19)] // a reproduction with every ablation
    public void EverySeriesOfAChart_HasItsOwnColour(int count)
    {
        var colours = Enumerable.Range(0, count).Select(i => Charts.SeriesColor(i, count).ToHex()).ToList();
        Assert.Equal(count, colours.Distinct().Count());
    }
}

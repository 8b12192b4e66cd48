using Sip.Metrics;

namespace Sip.Tests.Metrics;

public class TensorBoardSinkTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void Constructor_NamesTheFileAfterUnixTimeAndHost()
    {
        using var dir = new TempDirectory();
        using var sink = new TensorBoardSink(dir.Path, clock: new FixedClock(Start), hostName: "node7");
        Assert.Equal(Path.Combine(dir.Path, "events.out.tfevents.1700000000.node7"), sink.FilePath);
    }

    [Fact]
    public void Write_EventsReadBackWithVersionHeaderStepsTagsAndValues()
    {
        using var dir = new TempDirectory();
        var clock = new FixedClock(Start);
        string file;
        using (var sink = new TensorBoardSink(dir.Path, clock: clock, hostName: "h"))
        {
            file = sink.FilePath;
            clock.Now = Start.AddSeconds(1.5);
            sink.Write(1, new Dictionary<string, double> { ["train/loss"] = 2.5, ["train/lr"] = 3e-4 });
            clock.Now = Start.AddSeconds(3);
            sink.Write(2, new Dictionary<string, double> { ["train/loss"] = 2.25 });
            sink.Write(5_000_000_000, new Dictionary<string, double> { ["val/ppl"] = double.NaN });
        }

        var events = TensorBoardTestReader.ReadEvents(file);

        Assert.Equal(4, events.Count);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal(1_700_000_000.0, events[0].WallTime);
        Assert.Empty(events[0].Scalars);

        Assert.Equal(1, events[1].Step);
        Assert.Equal(1_700_000_001.5, events[1].WallTime);
        Assert.Equal([new("train/loss", 2.5f), new("train/lr", 3e-4f)], events[1].Scalars);

        Assert.Equal(2, events[2].Step);
        Assert.Equal([new("train/loss", 2.25f)], events[2].Scalars);

        Assert.Equal(5_000_000_000, events[3].Step);
        Assert.Equal("val/ppl", events[3].Scalars.Single().Tag);
        Assert.True(float.IsNaN(events[3].Scalars.Single().Value));
        Assert.All(events, e => Assert.Null(e.SessionLogStatus));
    }

    [Fact]
    public void Write_EveryStepIsOnDiskBeforeDispose()
    {
        using var dir = new TempDirectory();
        using var sink = new TensorBoardSink(dir.Path, clock: new FixedClock(Start), hostName: "h");
        sink.Write(7, new Dictionary<string, double> { ["train/loss"] = 1 });

        using var read = new FileStream(sink.FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = new byte[read.Length];
        read.ReadExactly(bytes);
        Assert.Equal(2, TensorBoardTestReader.ReadRecords(bytes).Count);
    }

    [Fact]
    public void Constructor_WithPurgeStep_WritesSessionStartAtThatStep()
    {
        using var dir = new TempDirectory();
        string file;
        using (var sink = new TensorBoardSink(dir.Path, purgeFromStep: 101, clock: new FixedClock(Start), hostName: "h"))
        {
            file = sink.FilePath;
            sink.Write(101, new Dictionary<string, double> { ["train/loss"] = 1 });
        }

        var events = TensorBoardTestReader.ReadEvents(file);

        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal(1, events[1].SessionLogStatus); // SessionLog.START
        Assert.Equal(101, events[1].Step);
        Assert.Equal(101, events[2].Step);
    }

    [Fact]
    public void Constructor_SameSecondSameHost_OpensSeparateFiles()
    {
        using var dir = new TempDirectory();
        var clock = new FixedClock(Start);
        using var first = new TensorBoardSink(dir.Path, clock: clock, hostName: "h");
        using var second = new TensorBoardSink(dir.Path, clock: clock, hostName: "h");

        Assert.NotEqual(first.FilePath, second.FilePath);
        Assert.Contains("tfevents", Path.GetFileName(second.FilePath));
    }

    [Fact]
    public void TestReader_FlippedDataByte_IsRejected()
    {
        using var dir = new TempDirectory();
        string file;
        using (var sink = new TensorBoardSink(dir.Path, clock: new FixedClock(Start), hostName: "h"))
        {
            file = sink.FilePath;
            sink.Write(1, new Dictionary<string, double> { ["train/loss"] = 1 });
        }
        var bytes = File.ReadAllBytes(file);
        bytes[^6] ^= 0x01; // inside the last record's data

        var error = Assert.Throws<InvalidDataException>(() => TensorBoardTestReader.ReadRecords(bytes));
        Assert.Contains("data CRC", error.Message);
    }
}

using Sip.Metrics;

namespace Sip.Tests.Metrics;

public class JsonlMetricsSinkTests
{
    private static readonly DateTimeOffset Noon = new(2026, 1, 31, 12, 0, 0, 250, TimeSpan.Zero);

    [Fact]
    public void Write_OneLinePerStepWithIsoUtcTime()
    {
        using var dir = new TempDirectory();
        string path = dir.File("metrics.jsonl");
        using (var sink = new JsonlMetricsSink(path, clock: new FixedClock(Noon.ToOffset(TimeSpan.FromHours(2)))))
            sink.Write(12, new Dictionary<string, double> { ["train/loss"] = 2.5, ["train/lr"] = 0.0003 });

        Assert.Equal(
            """{"step":12,"time":"2026-01-31T12:00:00.250Z","metrics":{"train/loss":2.5,"train/lr":0.0003}}""" + "\n",
            File.ReadAllText(path));
    }

    [Fact]
    public void Write_NonFiniteValues_AreNamedStrings()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.jsonl");
        using (var sink = new JsonlMetricsSink(path, clock: new FixedClock(Noon)))
            sink.Write(1, new Dictionary<string, double> { ["a"] = double.NaN, ["b"] = double.PositiveInfinity, ["c"] = double.NegativeInfinity });

        Assert.Contains("""
            "metrics":{"a":"NaN","b":"Infinity","c":"-Infinity"}
            """, File.ReadAllText(path));
    }

    [Fact]
    public void Reader_RoundTripsStepsTimesAndExactValues()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.jsonl");
        var clock = new FixedClock(Noon);
        using (var sink = new JsonlMetricsSink(path, clock: clock))
        {
            sink.Write(1, new Dictionary<string, double> { ["train/loss"] = 0.1 + 0.2, ["val/ppl"] = double.NaN });
            clock.Now = Noon.AddMinutes(1);
            sink.Write(2, new Dictionary<string, double> { ["train/loss"] = 1e-300 });
        }

        var records = JsonlMetricsReader.Read(path);

        Assert.Equal([1L, 2L], records.Select(r => r.Step));
        Assert.Equal([Noon, Noon.AddMinutes(1)], records.Select(r => r.Time));
        Assert.Equal(0.1 + 0.2, records[0].Metrics["train/loss"]); // bit-exact, not 0.3
        Assert.True(double.IsNaN(records[0].Metrics["val/ppl"]));
        Assert.Equal(1e-300, records[1].Metrics["train/loss"]);
    }

    [Fact]
    public void Constructor_ExistingFile_AppendsSoAResumedRunContinuesIt()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.jsonl");
        using (var first = new JsonlMetricsSink(path, clock: new FixedClock(Noon)))
            first.Write(1, new Dictionary<string, double> { ["train/loss"] = 3 });
        using (var resumed = new JsonlMetricsSink(path, clock: new FixedClock(Noon)))
            resumed.Write(2, new Dictionary<string, double> { ["train/loss"] = 2 });

        Assert.Equal([(1L, 3.0), (2L, 2.0)], JsonlMetricsReader.Read(path).Select(r => (r.Step, r.Metrics["train/loss"])));
    }

    [Fact]
    public void Constructor_WithPurgeStep_DropsLinesTheInterruptedRunLoggedAfterTheCheckpoint()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.jsonl");
        using (var crashed = new JsonlMetricsSink(path, clock: new FixedClock(Noon)))
            for (long step = 1; step <= 5; step++)
                crashed.Write(step, new Dictionary<string, double> { ["train/loss"] = step });
        using (var resumed = new JsonlMetricsSink(path, purgeFromStep: 4, clock: new FixedClock(Noon)))
            resumed.Write(4, new Dictionary<string, double> { ["train/loss"] = 40 });

        Assert.Equal([(1L, 1.0), (2L, 2.0), (3L, 3.0), (4L, 40.0)],
            JsonlMetricsReader.Read(path).Select(r => (r.Step, r.Metrics["train/loss"])));
    }

    [Fact]
    public void Constructor_TornLastLine_IsRemovedBeforeAppending()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.jsonl");
        using (var crashed = new JsonlMetricsSink(path, clock: new FixedClock(Noon)))
            crashed.Write(1, new Dictionary<string, double> { ["train/loss"] = 1 });
        File.AppendAllText(path, """{"step":2,"time":"2026-01-""");  // a crash mid-write

        using (var resumed = new JsonlMetricsSink(path, clock: new FixedClock(Noon)))
            resumed.Write(2, new Dictionary<string, double> { ["train/loss"] = 2 });

        Assert.Equal([1L, 2L], JsonlMetricsReader.Read(path).Select(r => r.Step));
    }

    [Fact]
    public void Constructor_MissingDirectory_IsCreated()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "run", "logs", "m.jsonl");
        using (var sink = new JsonlMetricsSink(path, clock: new FixedClock(Noon)))
            sink.Write(1, new Dictionary<string, double> { ["x"] = 1 });
        Assert.Single(JsonlMetricsReader.Read(path));
    }

    [Fact]
    public void Reader_BadLine_NamesFileAndLine()
    {
        using var dir = new TempDirectory();
        string path = dir.File("m.jsonl");
        File.WriteAllText(path, """
            {"step":1,"time":"2026-01-31T12:00:00.000Z","metrics":{"x":1}}
            {"step":2,"time":"2026-01-31T12:00:00.000Z","metrics":{"x":"lots"}}
            """);

        var error = Assert.Throws<SipInputException>(() => JsonlMetricsReader.Read(path));
        Assert.Equal(path, error.Location);
        Assert.Equal(2, error.Line);
        Assert.Contains("'x'", error.Reason);
    }
}

using Sip.Metrics;

namespace Sip.Tests.Metrics;

public class CompositeMetricsSinkTests
{
    private sealed class RecordingSink(bool fail = false) : IMetricsSink
    {
        public List<string> Calls { get; } = [];

        public void Write(long step, IReadOnlyDictionary<string, double> scalars)
        {
            Calls.Add($"write {step} {string.Join(",", scalars.Select(kv => $"{kv.Key}={kv.Value}"))}");
            if (fail) throw new IOException("disk full");
        }

        public void Flush() => Calls.Add("flush");

        public void Dispose() => Calls.Add("dispose");
    }

    [Fact]
    public void EveryCall_ReachesEverySinkInOrder()
    {
        var a = new RecordingSink();
        var b = new RecordingSink();
        using (var composite = new CompositeMetricsSink(a, b))
        {
            composite.Write(3, new Dictionary<string, double> { ["train/loss"] = 1.5 });
            composite.Flush();
        }

        Assert.Equal(["write 3 train/loss=1.5", "flush", "dispose"], a.Calls);
        Assert.Equal(a.Calls, b.Calls);
    }

    [Fact]
    public void Write_FailingSink_OthersStillWrittenAndFailureRethrown()
    {
        var broken = new RecordingSink(fail: true);
        var healthy = new RecordingSink();
        var composite = new CompositeMetricsSink(broken, healthy);

        var error = Assert.Throws<IOException>(() => composite.Write(1, new Dictionary<string, double> { ["x"] = 1 }));

        Assert.Equal("disk full", error.Message);
        Assert.Equal(["write 1 x=1"], healthy.Calls);
    }

    [Fact]
    public void Write_SeveralFailingSinks_ThrowsAggregateOfAll()
    {
        var composite = new CompositeMetricsSink(new RecordingSink(fail: true), new RecordingSink(fail: true));
        var error = Assert.Throws<AggregateException>(() => composite.Write(1, new Dictionary<string, double>()));
        Assert.Equal(2, error.InnerExceptions.Count);
    }
}

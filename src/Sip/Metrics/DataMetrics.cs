using Sip.Data.Documents;

namespace Sip.Metrics;

/// <summary>The sample stream's counters as metrics (<see cref="MetricNames.Data"/>), written alike by every trainer that streams samples.</summary>
public static class DataMetrics
{
    public static void Write(DataStats stats, IDictionary<string, double> metrics)
    {
        metrics[MetricNames.DataDocsSkippedTooShort] = stats.TooShort;
        metrics[MetricNames.DataRecordsSkippedBad] = stats.SkippedTotal;
        metrics[MetricNames.DataDocsSkippedUnanchored] = stats.Unanchored;
        metrics[MetricNames.DataDocsSkippedAnchorOutOfReach] = stats.AnchorOutOfReach;
    }
}

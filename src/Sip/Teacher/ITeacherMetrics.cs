using Sip.Metrics;
namespace Sip.Teacher;

/// <summary>
/// A judge or rewriter that counts what it costs (cache hits, requests, retries, timeouts, unusable answers). Trainers
/// log the snapshot beside each step's metrics; the values are cumulative since the teacher was created.
/// </summary>
public interface ITeacherMetrics
{
    /// <summary>Cumulative counters by metric name (e.g. <c>judge/retries</c>; see <c>Sip.Teacher.Chat.TeacherMetricNames</c>).</summary>
    IReadOnlyDictionary<string, double> Snapshot();
}

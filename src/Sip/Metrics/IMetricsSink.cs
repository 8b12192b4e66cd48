namespace Sip.Metrics;

/// <summary>
/// Somewhere scalar metrics go: a file, TensorBoard, the console.
/// Names follow docs/metrics.md (lowercase <c>area/name</c>, see <see cref="MetricNames"/>).
/// </summary>
public interface IMetricsSink : IDisposable
{
    /// <summary>Records the scalars measured at <paramref name="step"/>. The sink may keep them buffered until <see cref="Flush"/>.</summary>
    void Write(long step, IReadOnlyDictionary<string, double> scalars);

    /// <summary>Pushes everything written so far to the operating system.</summary>
    void Flush();
}

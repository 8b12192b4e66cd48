namespace Sip.Metrics;

/// <summary>
/// Fans every call out to several sinks. Every sink gets every call even when an earlier one throws,
/// so a full disk under one log does not silently starve the others; the failures are then rethrown together.
/// Owns its sinks: disposing it disposes them.
/// </summary>
public sealed class CompositeMetricsSink : IMetricsSink
{
    private readonly IReadOnlyList<IMetricsSink> _sinks;

    public CompositeMetricsSink(IEnumerable<IMetricsSink> sinks) => _sinks = [.. sinks];

    public CompositeMetricsSink(params IMetricsSink[] sinks) : this((IEnumerable<IMetricsSink>)sinks) { }

    public IReadOnlyList<IMetricsSink> Sinks => _sinks;

    public void Write(long step, IReadOnlyDictionary<string, double> scalars) => ForEach(s => s.Write(step, scalars));

    public void Flush() => ForEach(s => s.Flush());

    public void Dispose() => ForEach(s => s.Dispose());

    private void ForEach(Action<IMetricsSink> action)
    {
        List<Exception>? failures = null;
        foreach (var sink in _sinks)
        {
            try { action(sink); }
            catch (Exception e) { (failures ??= []).Add(e); }
        }
        if (failures is null) return;
        if (failures.Count == 1) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failures[0]);
        throw new AggregateException("several metrics sinks failed", failures);
    }
}

namespace Sip.Metrics;

/// <summary>One line of a metrics JSONL file: the scalars logged at a step, and when.</summary>
public sealed record MetricsRecord(long Step, DateTimeOffset Time, IReadOnlyDictionary<string, double> Metrics);

using System.Globalization;
using System.Text.Json;

namespace Sip.Metrics;

/// <summary>
/// Reads what <see cref="JsonlMetricsSink"/> writes, for evaluation summaries and golden-curve tests.
/// Accepts the string forms "NaN", "Infinity", "-Infinity" and null (read as NaN) for non-finite values.
/// </summary>
public static class JsonlMetricsReader
{
    /// <exception cref="SipInputException">A line is not a metrics record; names the file and line.</exception>
    public static IReadOnlyList<MetricsRecord> Read(string path)
    {
        var records = new List<MetricsRecord>();
        long lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            records.Add(ParseLine(line, path, lineNumber));
        }
        return records;
    }

    internal static MetricsRecord ParseLine(string line, string source, long lineNumber)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            long step = root.GetProperty("step").GetInt64();
            var time = DateTimeOffset.Parse(root.GetProperty("time").GetString() ?? "", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal);
            var metrics = new Dictionary<string, double>();
            foreach (var m in root.GetProperty("metrics").EnumerateObject())
                metrics[m.Name] = ReadValue(m.Value, m.Name);
            return new MetricsRecord(step, time, metrics);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new SipInputException(source, lineNumber, $"not a metrics record: {e.Message}", e);
        }
    }

    private static double ReadValue(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.Null => double.NaN,
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d)
            && !double.IsFinite(d) => d,
        _ => throw new FormatException($"metric '{name}' is {value.GetRawText()}, not a number"),
    };
}

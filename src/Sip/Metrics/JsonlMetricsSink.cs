using System.Globalization;
using System.Text.Json;

namespace Sip.Metrics;

/// <summary>
/// Appends one JSON object per <see cref="Write"/> to a file:
/// <c>{"step":12,"time":"2026-01-31T12:00:00.000Z","metrics":{"train/loss":2.5}}</c>.
/// JSON has no NaN or infinities, so those are written as the strings <c>"NaN"</c>, <c>"Infinity"</c>,
/// <c>"-Infinity"</c> (what System.Text.Json's AllowNamedFloatingPointLiterals and pandas accept);
/// every finite value is a number that round-trips exactly. The file is opened for append so a resumed
/// run continues it; see <see cref="JsonlMetricsSink(string, long?, TimeProvider?)"/> for the resume cleanup.
/// </summary>
public sealed class JsonlMetricsSink : IMetricsSink
{
    private readonly FileStream _stream;
    private readonly TimeProvider _clock;
    private readonly MemoryStream _line = new();

    /// <param name="path">The JSONL file; created with its directory if missing.</param>
    /// <param name="purgeFromStep">
    /// On resume, the first step the resumed run will log: existing lines with step &gt;= it were logged by
    /// the interrupted run after its last checkpoint and are removed, so each step appears once.
    /// </param>
    /// <param name="clock">Source of the "time" field; the system clock when null.</param>
    public JsonlMetricsSink(string path, long? purgeFromStep = null, TimeProvider? clock = null)
    {
        FilePath = path;
        _clock = clock ?? TimeProvider.System;
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        if (File.Exists(path)) PrepareExistingFile(path, purgeFromStep);
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
    }

    public string FilePath { get; }

    public void Write(long step, IReadOnlyDictionary<string, double> scalars)
    {
        _line.SetLength(0);
        using (var json = new Utf8JsonWriter(_line))
        {
            json.WriteStartObject();
            json.WriteNumber("step", step);
            json.WriteString("time", FormatTime(_clock.GetUtcNow()));
            json.WriteStartObject("metrics");
            foreach (var (name, value) in scalars)
            {
                if (double.IsFinite(value)) json.WriteNumber(name, value);
                else json.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        _line.WriteByte((byte)'\n');
        // One write call per line so a crash tears at most the last line, which the next open repairs.
        _stream.Write(_line.GetBuffer(), 0, (int)_line.Length);
        _stream.Flush();
    }

    public void Flush() => _stream.Flush();

    public void Dispose() => _stream.Dispose();

    /// <summary>ISO-8601 UTC with milliseconds, e.g. 2026-01-31T12:00:00.000Z.</summary>
    internal static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Drops a torn last line (a crash mid-write leaves one without its newline; appending after it would
    /// glue two records into one invalid line) and, on resume, the lines at or after <paramref name="purgeFromStep"/>.
    /// Rewrites through a temporary file so a crash here cannot lose the intact part.
    /// </summary>
    internal static void PrepareExistingFile(string path, long? purgeFromStep)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int intactLength = bytes.AsSpan().LastIndexOf((byte)'\n') + 1;
        if (purgeFromStep is null && intactLength == bytes.Length) return;

        var kept = new MemoryStream();
        foreach (var line in SplitLines(bytes.AsMemory(0, intactLength)))
        {
            if (purgeFromStep is { } purge && TryReadStep(line.Span, out long step) && step >= purge) continue;
            kept.Write(line.Span);
            kept.WriteByte((byte)'\n');
        }
        string temp = path + ".tmp";
        File.WriteAllBytes(temp, kept.ToArray());
        File.Move(temp, path, overwrite: true);
    }

    private static IEnumerable<ReadOnlyMemory<byte>> SplitLines(ReadOnlyMemory<byte> text)
    {
        while (!text.IsEmpty)
        {
            int end = text.Span.IndexOf((byte)'\n');
            yield return text[..end];
            text = text[(end + 1)..];
        }
    }

    /// <summary>Lines that do not parse keep their place: they are not ours to judge here.</summary>
    private static bool TryReadStep(ReadOnlySpan<byte> line, out long step)
    {
        step = 0;
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("step", out var s)
                && s.TryGetInt64(out step);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

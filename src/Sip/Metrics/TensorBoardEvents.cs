namespace Sip.Metrics;

/// <summary>
/// Encodes the few tensorflow.Event messages a scalar log needs (tensorflow/core/util/event.proto,
/// tensorflow/core/framework/summary.proto). Pure functions: bytes in, bytes out.
/// </summary>
internal static class TensorBoardEvents
{
    // Event fields.
    private const int EventWallTime = 1, EventStep = 2, EventFileVersion = 3, EventSummary = 5, EventSessionLog = 6;
    // Summary.value, Summary.Value.tag, Summary.Value.simple_value.
    private const int SummaryValue = 1, ValueTag = 1, ValueSimpleValue = 2;
    // SessionLog.status and its START value.
    private const int SessionLogStatus = 1, SessionLogStart = 1;

    /// <summary>The version header every event file starts with; readers reject files without it.</summary>
    public const string FileVersion = "brain.Event:2";

    public static byte[] FileVersionEvent(double wallTime)
    {
        var e = new ProtoWriter();
        e.WriteDouble(EventWallTime, wallTime);
        e.WriteString(EventFileVersion, FileVersion);
        return e.ToArray();
    }

    /// <summary>One Event whose Summary holds one simple_value per scalar, in the given order.</summary>
    public static byte[] ScalarsEvent(double wallTime, long step, IEnumerable<KeyValuePair<string, double>> scalars)
    {
        var summary = new ProtoWriter();
        foreach (var (tag, value) in scalars)
        {
            var v = new ProtoWriter();
            v.WriteString(ValueTag, tag);
            // TensorBoard's simple_value is a float; the narrowing is the format's, not ours.
            v.WriteFloat(ValueSimpleValue, (float)value);
            summary.WriteMessage(SummaryValue, v);
        }
        var e = new ProtoWriter();
        e.WriteDouble(EventWallTime, wallTime);
        e.WriteInt64(EventStep, step);
        e.WriteMessage(EventSummary, summary);
        return e.ToArray();
    }

    /// <summary>
    /// A SessionLog START at <paramref name="step"/>: TensorBoard then discards events with step &gt;= it from
    /// earlier files, which is how a resumed run hides what the crashed run logged after its last checkpoint.
    /// </summary>
    public static byte[] SessionStartEvent(double wallTime, long step)
    {
        var log = new ProtoWriter();
        log.WriteInt64(SessionLogStatus, SessionLogStart);
        var e = new ProtoWriter();
        e.WriteDouble(EventWallTime, wallTime);
        e.WriteInt64(EventStep, step);
        e.WriteMessage(EventSessionLog, log);
        return e.ToArray();
    }
}

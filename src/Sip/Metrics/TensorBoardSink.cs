namespace Sip.Metrics;

/// <summary>
/// Writes scalars as a TensorBoard event file (<c>events.out.tfevents.&lt;unix-time&gt;.&lt;host&gt;</c>) in a log
/// directory, readable by <c>tensorboard --logdir</c> with no TensorFlow on our side. Each <see cref="Write"/>
/// becomes one Event holding all its scalars as <c>simple_value</c> (float32, TensorBoard's format).
/// Every run opens a new file, as TensorFlow does; TensorBoard merges the files of one directory.
/// </summary>
public sealed class TensorBoardSink : IMetricsSink
{
    private readonly FileStream _stream;
    private readonly TimeProvider _clock;

    /// <param name="logDirectory">Created if missing.</param>
    /// <param name="purgeFromStep">
    /// On resume, the first step the resumed run will log. A SessionLog START marker at this step makes
    /// TensorBoard drop events with step &gt;= it from earlier files, so what the interrupted run logged after
    /// its last checkpoint does not show twice. Null for a fresh run.
    /// </param>
    /// <param name="clock">Source of wall time; the system clock when null.</param>
    /// <param name="hostName">Host part of the file name; <see cref="Environment.MachineName"/> when null.</param>
    public TensorBoardSink(string logDirectory, long? purgeFromStep = null, TimeProvider? clock = null, string? hostName = null)
    {
        _clock = clock ?? TimeProvider.System;
        Directory.CreateDirectory(logDirectory);
        var now = _clock.GetUtcNow();
        FilePath = CreateUniqueFile(logDirectory, now.ToUnixTimeSeconds(), hostName ?? Environment.MachineName, out _stream);
        TfRecordWriter.Write(_stream, TensorBoardEvents.FileVersionEvent(WallTime()));
        if (purgeFromStep is { } step)
            TfRecordWriter.Write(_stream, TensorBoardEvents.SessionStartEvent(WallTime(), step));
        _stream.Flush();
    }

    /// <summary>The event file this sink writes.</summary>
    public string FilePath { get; }

    public void Write(long step, IReadOnlyDictionary<string, double> scalars)
    {
        ObjectDisposedException.ThrowIf(!_stream.CanWrite, this);
        if (scalars.Count == 0) return;
        TfRecordWriter.Write(_stream, TensorBoardEvents.ScalarsEvent(WallTime(), step, scalars));
        // Flushed per step so a live TensorBoard sees progress and a crash loses at most the step in flight.
        _stream.Flush();
    }

    public void Flush() => _stream.Flush();

    public void Dispose() => _stream.Dispose();

    private double WallTime() => _clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>
    /// Two sinks opened in the same second on one host would collide on the TensorFlow name;
    /// the later one gets a numeric suffix (TensorBoard reads any file whose name contains "tfevents").
    /// </summary>
    private static string CreateUniqueFile(string directory, long unixSeconds, string host, out FileStream stream)
    {
        string stem = Path.Combine(directory, $"events.out.tfevents.{unixSeconds:D10}.{host}");
        for (int n = 0; ; n++)
        {
            string path = n == 0 ? stem : $"{stem}.{n}";
            try
            {
                stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
                return path;
            }
            catch (IOException) when (File.Exists(path))
            {
            }
        }
    }
}

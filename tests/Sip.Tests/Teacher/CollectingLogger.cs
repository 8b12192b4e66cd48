using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sip.Tests.Teacher;

/// <summary>Keeps every log line at every level, exceptions included, so tests can search them.</summary>
internal sealed class CollectingLogger : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToList();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
}

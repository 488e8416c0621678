using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AuthKit.Tests.TestSupport;

/// <summary>Collects every log line (level, event id, formatted message) for tests that check what is logged.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> _lines = new();

    public IReadOnlyList<(LogLevel Level, EventId EventId, string Message)> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => logs._lines.Enqueue((logLevel, eventId, formatter(state, exception)));
    }
}

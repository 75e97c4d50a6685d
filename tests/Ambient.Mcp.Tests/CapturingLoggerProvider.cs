using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ambient.Mcp.Tests;

/// <summary>Keeps every log record, so tests can check levels and what the servers wrote to stderr.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _records = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Records => [.. _records];

    public void Clear() => _records.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _records);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            records.Enqueue((category, logLevel, formatter(state, exception)));
    }
}

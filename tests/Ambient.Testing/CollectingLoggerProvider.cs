using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ambient.Testing;

/// <summary>Keeps every log entry at or above a level, so a test can assert what the broker complained about.</summary>
public sealed class CollectingLoggerProvider(LogLevel minimum) : ILoggerProvider
{
    /// <summary>Collected entries: level, category, message and exception.</summary>
    public ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries { get; } = new();

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new CollectingLogger(this, categoryName);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private sealed class CollectingLogger(CollectingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= provider._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Entries.Enqueue((logLevel, category, formatter(state, exception), exception));
            }
        }
    }

    private readonly LogLevel _minimum = minimum;
}

using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Ambient.Testing;

/// <summary>
/// Appends log lines to a file. The test host swallows console output, so broker logs of a test run go
/// to the file named by AMBIENT_TEST_BROKER_LOG_FILE when it is set.
/// </summary>
public sealed class FileLoggerProvider(string path) : ILoggerProvider
{
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private void Write(string line)
    {
        lock (_lock)
        {
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var time = TimeProvider.System.GetUtcNow().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
            provider.Write($"{time} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
        }
    }
}

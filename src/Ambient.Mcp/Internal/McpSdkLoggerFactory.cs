using Microsoft.Extensions.Logging;

namespace Ambient.Mcp.Internal;

/// <summary>
/// The logger factory handed to the MCP SDK. The SDK logs at Information per request and per server stderr line
/// ("received stderr log"), which would flood a worker's logs; its Information becomes Debug here, warnings and errors
/// stay as they are. Disposing is the caller's business (the factory is borrowed, not owned).
/// </summary>
internal sealed class McpSdkLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new DemotingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
    }

    private static LogLevel Demote(LogLevel level) => level == LogLevel.Information ? LogLevel.Debug : level;

    private sealed class DemotingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(Demote(logLevel));

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = Demote(logLevel);
            inner.Log(level, eventId, state, exception, formatter);
        }
    }
}

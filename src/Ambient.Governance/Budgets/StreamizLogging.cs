using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ambient.Governance.Budgets;

/// <summary>
/// The logger factory Streamiz.Kafka.Net is given. Streamiz keeps one factory for the whole process (a static, replaced by
/// every <c>KafkaStream</c> built) and creates loggers from it whenever it builds a topology or a task. A host disposes its
/// factory when it stops, so a processor built after another host in the process had stopped failed at its first logger
/// (ObjectDisposedException, before it ever ran: the "stalled" ledger starts of test processes). This one is never
/// disposed: it forwards to the factory of the processor started last and gives silent loggers once that one is gone.
/// </summary>
internal sealed class StreamizLogging : ILoggerFactory
{
    private volatile ILoggerFactory? _current;

    private StreamizLogging()
    {
    }

    /// <summary>The one instance: Streamiz's static holds it for the life of the process.</summary>
    public static StreamizLogging Shared { get; } = new();

    /// <summary>Sends Streamiz's logs to <paramref name="factory"/> from now on (a processor starting).</summary>
    public StreamizLogging Use(ILoggerFactory factory)
    {
        _current = factory;
        return this;
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName)
    {
        try
        {
            return _current?.CreateLogger(categoryName) ?? NullLogger.Instance;
        }
        catch (ObjectDisposedException)
        {
            return NullLogger.Instance;
        }
    }

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider)
    {
        // Providers belong to the hosts' factories.
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Never: Streamiz's static outlives every host.
    }
}

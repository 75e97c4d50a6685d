using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Network;

/// <summary>What the connections of one broker share: request dispatch, limits, request memory and closure accounting.</summary>
internal sealed class ConnectionServices(BrokerOptions options, RequestDispatcher dispatcher, TimeProvider time, ILogger logger)
{
    public BrokerOptions Options { get; } = options;

    public RequestDispatcher Dispatcher { get; } = dispatcher;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;

    public ConnectionLimiter Limiter { get; } = new(options.MaxConnections, options.MaxConnectionsPerAddress);

    public RequestMemory Memory { get; } = new(options.MaxQueuedRequestBytes);

    public ConnectionClosures Closures { get; } = new(options, time, logger);
}

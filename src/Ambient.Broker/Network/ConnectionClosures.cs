using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Network;

/// <summary>
/// Counts, meters and logs the connections the broker closes to enforce its limits. Each closure is logged
/// once: at Information for the first of its reason in every <see cref="ReportInterval"/> (with how many
/// went unreported since), at Debug otherwise, so a flood of refused connections cannot flood the log.
/// </summary>
internal sealed class ConnectionClosures(BrokerOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>How often each reason may be logged at Information.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly long[] _counts = new long[Enum.GetValues<ConnectionCloseReason>().Length];
    private readonly long[] _unreported = new long[Enum.GetValues<ConnectionCloseReason>().Length];
    private readonly long?[] _lastReported = new long?[Enum.GetValues<ConnectionCloseReason>().Length];

    /// <summary>Connections this broker has closed for <paramref name="reason"/>.</summary>
    public long Count(ConnectionCloseReason reason) => Interlocked.Read(ref _counts[(int)reason]);

    /// <summary>Records one closure; <paramref name="requestBytes"/> is the announced frame size for <see cref="ConnectionCloseReason.RequestTooLarge"/>.</summary>
    public void Record(ConnectionCloseReason reason, string clientAddress, long requestBytes = 0)
    {
        Interlocked.Increment(ref _counts[(int)reason]);
        BrokerTelemetry.LimitEnforced(reason);
        if (TryReport(reason, out var unreported))
        {
            if (!logger.IsEnabled(LogLevel.Information))
            {
                return;
            }

            if (unreported == 0)
            {
                logger.LogConnectionLimitEnforced(clientAddress, Describe(reason, requestBytes));
            }
            else
            {
                logger.LogConnectionLimitEnforcedAgain(clientAddress, Describe(reason, requestBytes), unreported);
            }
        }
        else if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogConnectionLimitEnforcedQuietly(clientAddress, Describe(reason, requestBytes));
        }
    }

    private bool TryReport(ConnectionCloseReason reason, out long unreported)
    {
        var now = time.GetTimestamp();
        lock (_lock)
        {
            var index = (int)reason;
            if (_lastReported[index] is { } last && time.GetElapsedTime(last, now) < ReportInterval)
            {
                _unreported[index]++;
                unreported = 0;
                return false;
            }

            _lastReported[index] = now;
            unreported = _unreported[index];
            _unreported[index] = 0;
            return true;
        }
    }

    private string Describe(ConnectionCloseReason reason, long requestBytes) => reason switch
    {
        ConnectionCloseReason.MaxConnections => $"max.connections ({options.MaxConnections}) are open",
        ConnectionCloseReason.MaxConnectionsPerAddress => $"max.connections.per.ip ({options.MaxConnectionsPerAddress}) are open from its address",
        ConnectionCloseReason.Idle => $"no request for connections.max.idle.ms ({options.ConnectionsMaxIdle.TotalMilliseconds:0} ms)",
        ConnectionCloseReason.PartialFrameTimeout => $"a request frame did not complete within {options.PartialFrameTimeout.TotalMilliseconds:0} ms",
        ConnectionCloseReason.RequestTooLarge => $"a request frame of {requestBytes} bytes is over socket.request.max.bytes ({options.MaxRequestBytes})",
        ConnectionCloseReason.UnauthenticatedRequestTooLarge =>
            $"a request frame of {requestBytes} bytes before authentication is over {Security.SaslSession.MaxUnauthenticatedFrameBytes} (sasl.server.max.receive.size)",
        _ => reason.ToString(),
    };
}

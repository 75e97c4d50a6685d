using System.Diagnostics.Metrics;
using Ambient.Broker.Network;
using Ambient.Broker.Protocol;

namespace Ambient.Broker;

/// <summary>
/// The broker's metrics (<c>System.Diagnostics.Metrics</c>, exported by whatever OpenTelemetry setup the
/// host registers for the meter named <see cref="MeterName"/>).
/// </summary>
public static class BrokerTelemetry
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "Ambient.Broker";

    private static readonly Meter s_meter = new(MeterName);

    private static readonly Counter<long> s_requests = s_meter.CreateCounter<long>(
        "ambient.broker.requests", unit: "{request}", description: "Kafka protocol requests served, by API.");

    private static readonly UpDownCounter<long> s_connections = s_meter.CreateUpDownCounter<long>(
        "ambient.broker.connections", unit: "{connection}", description: "Client connections open.");

    private static readonly Counter<long> s_limitClosures = s_meter.CreateCounter<long>(
        "ambient.broker.connections.closed_by_limit", unit: "{connection}",
        description: "Connections the broker closed to enforce a limit, by reason (max_connections, max_connections_per_address, idle, partial_frame_timeout, request_too_large, unauthenticated_request_too_large).");

    private static readonly UpDownCounter<long> s_queuedRequestBytes = s_meter.CreateUpDownCounter<long>(
        "ambient.broker.requests.queued_bytes", unit: "By",
        description: "Announced size of the request frames over 64 KiB being received or served (the queued.max.request.bytes budget in use).");

    private static readonly UpDownCounter<long> s_requestBufferBytes = s_meter.CreateUpDownCounter<long>(
        "ambient.broker.requests.buffered_bytes", unit: "By", description: "Memory held by request frames over 64 KiB, which grows as their bytes arrive.");

    internal static void RequestServed(ApiKey apiKey) =>
        s_requests.Add(1, new KeyValuePair<string, object?>("kafka.api", apiKey.ToString()));

    internal static void ConnectionOpened() => s_connections.Add(1);

    internal static void ConnectionEnded() => s_connections.Add(-1);

    internal static void LimitEnforced(ConnectionCloseReason reason) =>
        s_limitClosures.Add(1, new KeyValuePair<string, object?>("reason", reason switch
        {
            ConnectionCloseReason.MaxConnections => "max_connections",
            ConnectionCloseReason.MaxConnectionsPerAddress => "max_connections_per_address",
            ConnectionCloseReason.Idle => "idle",
            ConnectionCloseReason.PartialFrameTimeout => "partial_frame_timeout",
            ConnectionCloseReason.RequestTooLarge => "request_too_large",
            ConnectionCloseReason.UnauthenticatedRequestTooLarge => "unauthenticated_request_too_large",
            _ => reason.ToString(),
        }));

    internal static void QueuedRequestBytes(long change) => s_queuedRequestBytes.Add(change);

    internal static void RequestBufferBytes(long change) => s_requestBufferBytes.Add(change);
}

using System.Diagnostics.Metrics;
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

    internal static void RequestServed(ApiKey apiKey) =>
        s_requests.Add(1, new KeyValuePair<string, object?>("kafka.api", apiKey.ToString()));
}

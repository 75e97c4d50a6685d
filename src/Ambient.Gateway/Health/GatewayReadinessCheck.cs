using Ambient.Gateway.A2a;
using Ambient.Gateway.Configuration;
using Ambient.Gateway.Delivery;
using Ambient.Kafka.Producers;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Health;

/// <summary>
/// Ready when Kafka answers the producer (its own connections and credentials: what a 202 depends on) and the delivery
/// memory is rebuilt: only then can a 202 be both true and unique.
/// </summary>
internal sealed class GatewayReadinessCheck(KafkaRecordPublisher producer, RecentDeliveries recent, IOptions<GatewayOptions> options, A2aTables a2a) : IHealthCheck
{
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!await producer.CanReachBrokersAsync(s_probeTimeout, cancellationToken))
        {
            return HealthCheckResult.Unhealthy("Kafka does not answer the producer.");
        }

        if (options.Value.A2a.Enabled && !a2a.IsReady)
        {
            return HealthCheckResult.Unhealthy("The A2A bridge is still reading the cards and tasks topics, or its replies topic is missing.");
        }

        return recent.IsReady
            ? HealthCheckResult.Healthy($"Kafka reachable; {recent.Count} recent deliveries remembered.")
            : HealthCheckResult.Unhealthy("Still reading recent deliveries from Kafka.");
    }
}

using Ambient.Gateway.Delivery;
using Ambient.Kafka.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ambient.Gateway.Health;

/// <summary>Ready when Kafka answers and the delivery memory is rebuilt: only then can a 202 be both true and unique.</summary>
internal sealed class GatewayReadinessCheck(KafkaConnectivity kafka, RecentDeliveries recent) : IHealthCheck
{
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!await kafka.CanReachBrokersAsync(s_probeTimeout, cancellationToken))
        {
            return HealthCheckResult.Unhealthy("Kafka is not reachable.");
        }

        return recent.IsReady
            ? HealthCheckResult.Healthy($"Kafka reachable; {recent.Count} recent deliveries remembered.")
            : HealthCheckResult.Unhealthy("Still reading recent deliveries from Kafka.");
    }
}

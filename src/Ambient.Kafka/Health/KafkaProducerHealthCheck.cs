using Ambient.Kafka.Producers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ambient.Kafka.Health;

/// <summary>Ready while Kafka answers the host's producer: its own connections and credentials, which every record it writes goes through.</summary>
/// <param name="producer">The host's producer.</param>
public sealed class KafkaProducerHealthCheck(KafkaRecordPublisher producer) : IHealthCheck
{
    /// <summary>The check's name in readiness answers.</summary>
    public const string Name = "kafka-producer";
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await producer.CanReachBrokersAsync(s_probeTimeout, cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Kafka does not answer the producer");
}

using Ambient.Kafka.Producers;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ambient.Worker.Health;

/// <summary>Ready while Kafka answers the worker's producer: its own connections and credentials, which every action goes through.</summary>
internal sealed class KafkaProducerHealthCheck(KafkaRecordPublisher producer) : IHealthCheck
{
    public const string Name = "kafka-producer";
    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await producer.CanReachBrokersAsync(s_probeTimeout, cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Kafka does not answer the producer");
}

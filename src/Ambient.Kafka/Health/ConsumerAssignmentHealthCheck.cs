using Ambient.Kafka.Consumers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Ambient.Kafka.Health;

/// <summary>
/// Ready when every consumer of the host (each agent's, or the executor's) holds an assignment in its group: a host
/// whose user may not join its group says so instead of looking idle.
/// </summary>
/// <param name="services">Where the consumers are found, per probe.</param>
public sealed class ConsumerAssignmentHealthCheck(IServiceProvider services) : IHealthCheck
{
    /// <summary>The check's name in readiness answers.</summary>
    public const string Name = "consumers";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Resolved per probe: the consumers are hosted services, built by the host after this check.
        var waiting = services.GetServices<IHostedService>().OfType<EventConsumerService>().Where(c => !c.HasAssignment).Select(c => c.Name).ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"no group assignment yet for {string.Join(", ", waiting)}"));
    }
}

using Ambient.Kafka.Consumers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Ambient.Worker.Health;

/// <summary>
/// Ready when every agent's consumer holds an assignment in its group: a worker whose user may not join its group
/// says so instead of looking idle.
/// </summary>
internal sealed class AgentConsumersHealthCheck(IServiceProvider services) : IHealthCheck
{
    public const string Name = "agent-consumers";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Resolved per probe: the consumers are hosted services, built by the host after this check.
        var waiting = services.GetServices<IHostedService>().OfType<EventConsumerService>().Where(c => !c.HasAssignment).Select(c => c.Name).ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"no group assignment yet for agent(s) {string.Join(", ", waiting)}"));
    }
}

using Ambient.Runtime.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ambient.Worker.Health;

/// <summary>Readiness names every agent its semantic probe holds, and why.</summary>
internal sealed class AgentProbeHealthCheck(AgentHealth health) : IHealthCheck
{
    public const string Name = "agents";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var unhealthy = health.Unhealthy;
        return Task.FromResult(unhealthy.Count == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy(string.Join("; ", unhealthy.Select(a => $"agent {a.Agent} is unhealthy: its semantic probe {a.Reason}"))));
    }
}

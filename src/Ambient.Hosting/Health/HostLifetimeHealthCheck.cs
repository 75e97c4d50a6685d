using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Ambient.Hosting.Health;

/// <summary>
/// Not ready until the host has started every hosted service, nor once it is stopping: a probe that arrives while the
/// host starts (exactly when the kubelet probes) or drains is answered "starting" or "stopping" rather than "ready".
/// </summary>
internal sealed class HostLifetimeHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public const string Name = "host";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => Task.FromResult(
        !lifetime.ApplicationStarted.IsCancellationRequested ? HealthCheckResult.Unhealthy("starting")
        : lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy("stopping")
        : HealthCheckResult.Healthy("started"));
}

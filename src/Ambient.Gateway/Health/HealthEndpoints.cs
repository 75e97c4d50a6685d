using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Ambient.Gateway.Health;

/// <summary><c>GET /healthz</c>: the process answers. <c>GET /readyz</c>: Kafka reachable and the producer usable.</summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}

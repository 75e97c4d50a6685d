using Ambient.Hosting.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the probes every Ambient host answers; the worker's health port maps them the same way.</summary>
public static class AmbientHealthEndpointRouteBuilderExtensions
{
    /// <summary>
    /// <c>GET /healthz</c>: "ok" while the process answers (runs no check: not ready is not dead, and a kubelet restarts
    /// a container whose liveness fails). <c>GET /readyz</c>: "ready" when every check tagged
    /// <see cref="AmbientHealth.ReadyTag"/> is healthy, else 503 "not ready: &lt;check&gt;: &lt;why&gt;".
    /// The checks are registered by <c>AddAmbientDefaults</c> and the host's own <c>AddHealthChecks().AddCheck(...)</c>.
    /// </summary>
    /// <param name="endpoints">The application's route builder.</param>
    /// <returns>The route builder, for chaining.</returns>
    public static IEndpointRouteBuilder MapAmbientHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks(AmbientHealth.LivenessPath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponses.WriteLiveAsync });
        endpoints.MapHealthChecks(AmbientHealth.ReadinessPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(AmbientHealth.ReadyTag),
            ResponseWriter = HealthResponses.WriteReadyAsync,
        });
        return endpoints;
    }
}

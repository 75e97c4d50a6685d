using Ambient.Hosting.Health;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The health port of a host that is not a web application; a web application maps <c>MapAmbientHealthEndpoints</c> instead.</summary>
public static class AmbientHealthServiceCollectionExtensions
{
    /// <summary>
    /// Serves <c>/healthz</c> and <c>/readyz</c> (see <c>MapAmbientHealthEndpoints</c>) on <paramref name="port"/>, all
    /// interfaces, from the moment this hosted service starts: register it before the others so probes are answered
    /// ("not ready: host: starting") while they start. A port that cannot be bound fails the start naming <paramref name="portSetting"/>.
    /// </summary>
    /// <param name="services">The host's services; <c>AddAmbientDefaults</c> registers the health checks.</param>
    /// <param name="port">TCP port, 1-65535.</param>
    /// <param name="portSetting">The configuration key the port came from, for the error message.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddAmbientHealthServer(this IServiceCollection services, int port, string portSetting)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        services.AddHealthChecks();
        services.AddHostedService(provider => new HealthServerHostedService(port, portSetting, provider));
        return services;
    }
}

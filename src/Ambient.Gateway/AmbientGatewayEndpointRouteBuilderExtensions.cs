using Ambient.Gateway.A2a;
using Ambient.Gateway.Alertmanager;
using Ambient.Gateway.Configuration;
using Ambient.Gateway.Events;
using Ambient.Gateway.GitHub;
using Ambient.Gateway.Slack;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the gateway's endpoints.</summary>
public static class AmbientGatewayEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>/healthz</c>, <c>/readyz</c> and the endpoints of every enabled source: <c>POST /webhooks/github</c>,
    /// <c>/webhooks/slack</c>, <c>/webhooks/slack/interactions</c>, <c>/webhooks/alertmanager</c>, <c>/v1/events/{topic}</c>.
    /// Reads <see cref="GatewayOptions"/>, so invalid settings fail here, at start.
    /// </summary>
    /// <param name="endpoints">The application's route builder.</param>
    /// <returns>The route builder, for chaining.</returns>
    /// <exception cref="OptionsValidationException">The gateway settings are invalid; the message names each setting.</exception>
    public static IEndpointRouteBuilder MapAmbientGateway(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<GatewayOptions>>().Value;
        endpoints.MapAmbientHealthEndpoints();
        if (options.GitHub.Enabled)
        {
            endpoints.MapGitHubWebhooks();
        }

        if (options.Slack.Enabled)
        {
            endpoints.MapSlackWebhooks();
        }

        if (options.Alertmanager.Enabled)
        {
            endpoints.MapAlertmanagerWebhooks();
        }

        if (options.Generic.Enabled)
        {
            endpoints.MapGenericEvents();
        }

        if (options.A2a.Enabled)
        {
            endpoints.MapA2a();
        }

        return endpoints;
    }
}

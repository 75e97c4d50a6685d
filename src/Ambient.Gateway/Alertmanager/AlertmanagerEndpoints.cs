using Ambient.Gateway.Configuration;
using Ambient.Gateway.Delivery;
using Ambient.Gateway.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Alertmanager;

/// <summary><c>POST /webhooks/alertmanager</c>: bearer token, one CloudEvent per alert to the cluster topic; 202 once all are acknowledged.</summary>
internal static class AlertmanagerEndpoints
{
    public static IEndpointRouteBuilder MapAlertmanagerWebhooks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/alertmanager", HandleAsync)
            .AddEndpointFilter<ClientGuardFilter>()
            .AddEndpointFilter(new BearerTokenFilter(options => options.Alertmanager.Token, $"{GatewayOptions.SectionName}:Alertmanager:Token"))
            .AddEndpointFilter(new RateLimitFilter(SourceRateLimiters.Alertmanager))
            .AddEndpointFilter(new BodyFilter("application/json"));
        return endpoints;
    }

    private static async Task<Results<DeliveryAnswer, ProblemHttpResult>> HandleAsync(
        HttpContext context, EventIngress ingress, GatewayTopics topics, TimeProvider time, IOptions<GatewayOptions> options)
    {
        using var document = JsonBodies.TryParseObject(BufferedBody.Get(context), out var error);
        if (document is null)
        {
            return Problems.BadRequest(error!);
        }

        var events = AlertMapper.Map(document.RootElement, topics.Names.ClusterEvents, time.GetUtcNow(), out error);
        return events is null
            ? Problems.BadRequest(error!)
            : await DeliveryResults.DeliverAsync(context, ingress, events, options.Value.PublishTimeout, options.Value.RetryAfter);
    }
}

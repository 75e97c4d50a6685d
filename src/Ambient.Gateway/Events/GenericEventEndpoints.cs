using Ambient.Gateway.Configuration;
using Ambient.Gateway.Delivery;
using Ambient.Gateway.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Events;

/// <summary>
/// <c>POST /v1/events/{topic}</c>: any producer holding the publish token writes one CloudEvent (structured JSON or
/// binary mode) to a topic on the allow-list; the <c>partitionkey</c> extension becomes the record key.
/// </summary>
internal static class GenericEventEndpoints
{
    public static IEndpointRouteBuilder MapGenericEvents(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/events/{topic}", HandleAsync)
            .AddEndpointFilter<ClientGuardFilter>()
            .AddEndpointFilter(new BearerTokenFilter(options => options.PublishToken, $"{GatewayOptions.SectionName}:PublishToken"))
            .AddEndpointFilter(new RateLimitFilter(SourceRateLimiters.Generic))
            .AddEndpointFilter(new BodyFilter());
        return endpoints;
    }

    private static async Task<Results<DeliveryAnswer, ProblemHttpResult>> HandleAsync(
        HttpContext context, string topic, EventIngress ingress, GatewayTopics topics, IOptions<GatewayOptions> options)
    {
        if (!topics.Allowed.Contains(topic))
        {
            return Problems.Forbidden($"Topic '{topic}' is not open to publishing; allowed: {string.Join(", ", topics.Allowed.Order(StringComparer.Ordinal))}.");
        }

        var read = CloudEventHttpReader.Read(context.Request, BufferedBody.Get(context), out var error);
        if (read is not { } cloudEvent)
        {
            return error!.StartsWith("Content-Type", StringComparison.Ordinal)
                ? Problems.UnsupportedMediaType(context.Request.ContentType, $"{CloudEventHttpReader.StructuredMediaType} or binary mode")
                : Problems.BadRequest(error);
        }

        var gatewayEvent = new GatewayEvent(topic, cloudEvent.PartitionKey, cloudEvent.Event);
        return await DeliveryResults.DeliverAsync(context, ingress, [gatewayEvent], options.Value.PublishTimeout, options.Value.RetryAfter);
    }
}

using Ambient.Abstractions.Events;
using Ambient.Gateway.Configuration;
using Ambient.Gateway.Delivery;
using Ambient.Gateway.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Events;

/// <summary>
/// <c>POST /v1/events/{topic}</c>: a producer holding a publish token writes one CloudEvent (structured JSON or
/// binary mode) to a topic in that token's scope; the <c>partitionkey</c> extension becomes the record key, and the
/// record carries <c>ambient-ingress: publish:&lt;token name&gt;</c>, whatever source the event claims.
/// </summary>
internal static class GenericEventEndpoints
{
    public static IEndpointRouteBuilder MapGenericEvents(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/events/{topic}", HandleAsync)
            .AddEndpointFilter<ClientGuardFilter>()
            .AddEndpointFilter<PublishTokenFilter>()
            .AddEndpointFilter(new RateLimitFilter(SourceRateLimiters.Generic))
            .AddEndpointFilter(new BodyFilter());
        return endpoints;
    }

    private static async Task<Results<DeliveryAnswer, ProblemHttpResult>> HandleAsync(
        HttpContext context, string topic, EventIngress ingress, IOptions<GatewayOptions> options)
    {
        var token = PublishTokenFilter.Of(context);
        if (!token.Topics.Contains(topic))
        {
            return Problems.Forbidden($"The publish token '{token.Name}' may not publish to '{topic}'; its topics: {string.Join(", ", token.Topics.Order(StringComparer.Ordinal))}.");
        }

        var read = CloudEventHttpReader.Read(context.Request, BufferedBody.Get(context), out var error);
        if (read is not { } cloudEvent)
        {
            return error!.StartsWith("Content-Type", StringComparison.Ordinal)
                ? Problems.UnsupportedMediaType(context.Request.ContentType, $"{CloudEventHttpReader.StructuredMediaType} or binary mode")
                : Problems.BadRequest(error);
        }

        var gatewayEvent = new GatewayEvent(topic, cloudEvent.PartitionKey, cloudEvent.Event, IngressKinds.Publish(token.Name));
        return await DeliveryResults.DeliverAsync(context, ingress, [gatewayEvent], options.Value.PublishTimeout, options.Value.RetryAfter);
    }
}

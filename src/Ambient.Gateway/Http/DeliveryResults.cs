using Ambient.Gateway.Delivery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ambient.Gateway.Http;

/// <summary>Turns a delivery into its HTTP answer: 202 accepted, 200 duplicate, 503 with <c>Retry-After</c>.</summary>
internal static class DeliveryResults
{
    public static async Task<Results<Accepted<DeliveryAnswer>, Ok<DeliveryAnswer>, ProblemHttpResult>> DeliverAsync(
        HttpContext context, EventIngress ingress, IReadOnlyList<GatewayEvent> events, TimeSpan wait, TimeSpan retryAfter)
    {
        var outcome = await ingress.DeliverAsync(events, wait, context.RequestAborted);
        var ids = events.Select(e => e.Event.Id).ToList();
        return outcome switch
        {
            DeliveryOutcome.Accepted => TypedResults.Accepted((string?)null, new DeliveryAnswer("accepted", ids)),
            DeliveryOutcome.Duplicate => TypedResults.Ok(new DeliveryAnswer("duplicate", ids)),
            _ => Problems.Unavailable(context, retryAfter),
        };
    }
}

using Ambient.Gateway.Delivery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ambient.Gateway.Http;

/// <summary>Turns a delivery into its HTTP answer: 202 accepted, 200 duplicate, 503 with <c>Retry-After</c>.</summary>
internal static class DeliveryResults
{
    public static async Task<Results<DeliveryAnswer, ProblemHttpResult>> DeliverAsync(
        HttpContext context, EventIngress ingress, IReadOnlyList<GatewayEvent> events, TimeSpan wait, TimeSpan retryAfter)
    {
        var outcome = await ingress.DeliverAsync(events, wait, context.RequestAborted);
        var ids = events.Select(e => e.Event.Id).ToList();
        return outcome switch
        {
            DeliveryOutcome.Accepted => DeliveryAnswer.Accepted(ids),
            DeliveryOutcome.Duplicate => DeliveryAnswer.Duplicate(ids),
            _ => Problems.Unavailable(context, retryAfter),
        };
    }
}

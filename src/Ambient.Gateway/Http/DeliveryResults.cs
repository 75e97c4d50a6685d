using Ambient.Gateway.Delivery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ambient.Gateway.Http;

/// <summary>
/// Turns a delivery into its HTTP answer: 202 accepted, 200 duplicate, 503 with <c>Retry-After</c> only when a retry
/// can succeed; 413 for an event Kafka will never take, 500 for a write refused by configuration (ACL, missing topic).
/// </summary>
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
            DeliveryOutcome.TooLarge => Problems.TooLargeForKafka(),
            DeliveryOutcome.Refused => Problems.RefusedByKafka(),
            _ => Problems.Unavailable(context, retryAfter),
        };
    }
}

using System.Text;
using Ambient.Gateway.Configuration;
using Ambient.Gateway.Delivery;
using Ambient.Gateway.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Slack;

/// <summary>
/// <c>POST /webhooks/slack</c> (Events API: <c>url_verification</c> answered, callbacks published) and
/// <c>POST /webhooks/slack/interactions</c> (form-encoded interaction payloads, kept for approval flows). Slack
/// retries after 3 s, so these wait at most <see cref="SlackSourceOptions.AnswerWithin"/> for Kafka; a retry
/// (<c>X-Slack-Retry-Num</c>) of an accepted event is answered 200 from memory.
/// </summary>
internal static class SlackEndpoints
{
    public static IEndpointRouteBuilder MapSlackWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/webhooks/slack")
            .AddEndpointFilter<ClientGuardFilter>();
        group.MapPost("", HandleEventAsync)
            .AddEndpointFilter(new BodyFilter(new SlackSignature(), "application/json"))
            .AddEndpointFilter(new RateLimitFilter(SourceRateLimiters.Slack));
        group.MapPost("/interactions", HandleInteractionAsync)
            .AddEndpointFilter(new BodyFilter(new SlackSignature(), "application/x-www-form-urlencoded"))
            .AddEndpointFilter(new RateLimitFilter(SourceRateLimiters.Slack));
        return endpoints;
    }

    private static async Task<Results<DeliveryAnswer, Ok<SlackChallenge>, ProblemHttpResult>> HandleEventAsync(
        HttpContext context,
        [FromHeader(Name = "X-Slack-Retry-Num")] string? retryNumber,
        EventIngress ingress,
        GatewayTopics topics,
        TimeProvider time,
        IOptions<GatewayOptions> options,
        ILogger<SlackEventMarker> logger)
    {
        var body = BufferedBody.Get(context);
        using var document = JsonBodies.TryParseObject(body, out var error);
        if (document is null)
        {
            return Problems.BadRequest(error!);
        }

        var root = document.RootElement;
        if (root.TryGetProperty("type", out var type) && type.ValueEquals("url_verification"))
        {
            return root.TryGetProperty("challenge", out var challenge) && challenge.GetString() is { Length: > 0 } text
                ? TypedResults.Ok(new SlackChallenge(text))
                : Problems.BadRequest("url_verification without a 'challenge' string.");
        }

        var gatewayEvent = SlackEventMapper.MapEvent(root, body, topics.Names.SlackEvents, topics.Unrouted, time.GetUtcNow(), out error);
        if (gatewayEvent is null)
        {
            return Problems.BadRequest(error!);
        }

        if (retryNumber is not null)
        {
            logger.SlackRetry(retryNumber, gatewayEvent.Event.Id);
        }

        return Widen(await DeliverAsync(context, ingress, gatewayEvent, options.Value));
    }

    private static async Task<Results<DeliveryAnswer, ProblemHttpResult>> HandleInteractionAsync(
        HttpContext context, EventIngress ingress, GatewayTopics topics, TimeProvider time, IOptions<GatewayOptions> options)
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(BufferedBody.Get(context).Span));
        if (!form.TryGetValue("payload", out var payload) || payload.Count != 1 || string.IsNullOrEmpty(payload[0]))
        {
            return Problems.BadRequest("The form has no 'payload' field.");
        }

        var payloadBytes = Encoding.UTF8.GetBytes(payload[0]!);
        using var document = JsonBodies.TryParseObject(payloadBytes, out var error);
        if (document is null)
        {
            return Problems.BadRequest(error!);
        }

        var gatewayEvent = SlackEventMapper.MapInteraction(document.RootElement, payloadBytes, topics.Names.SlackEvents, time.GetUtcNow(), out error);
        return gatewayEvent is null ? Problems.BadRequest(error!) : await DeliverAsync(context, ingress, gatewayEvent, options.Value);
    }

    private static Task<Results<DeliveryAnswer, ProblemHttpResult>> DeliverAsync(
        HttpContext context, EventIngress ingress, GatewayEvent gatewayEvent, GatewayOptions options) =>
        DeliveryResults.DeliverAsync(context, ingress, [gatewayEvent], TimeSpan.FromTicks(Math.Min(options.Slack.AnswerWithin.Ticks, options.PublishTimeout.Ticks)), options.RetryAfter);

    private static Results<DeliveryAnswer, Ok<SlackChallenge>, ProblemHttpResult> Widen(
        Results<DeliveryAnswer, ProblemHttpResult> result) => result.Result switch
        {
            DeliveryAnswer answer => answer,
            ProblemHttpResult problem => problem,
            var other => throw new InvalidOperationException($"Unexpected delivery result {other.GetType().Name}."),
        };

    /// <summary>The log category of Slack deliveries.</summary>
    internal sealed class SlackEventMarker;
}

using System.Text;
using Ambient.Gateway.Configuration;
using Ambient.Governance.Approvals;
using Ambient.Kafka;
using Ambient.Gateway.Delivery;
using Ambient.Gateway.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.Slack;

/// <summary>
/// <c>POST /webhooks/slack</c> (Events API: <c>url_verification</c> answered, callbacks published) and
/// <c>POST /webhooks/slack/interactions</c> (form-encoded interaction payloads: a click on an approval request's button
/// answers it, as an approver, see <see cref="SlackApprovalClick"/>; any other interaction is published). Slack
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

    private static async Task<Results<DeliveryAnswer, Ok<SlackApprovalReply>, ProblemHttpResult>> HandleInteractionAsync(
        HttpContext context, EventIngress ingress, GatewayTopics topics, TimeProvider time, IOptions<GatewayOptions> options, ApprovalDesk approvals)
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

        if (SlackApprovalClick.TryRead(document.RootElement) is { } click)
        {
            return TypedResults.Ok(await AnswerAsync(approvals, click, options.Value.Slack.AnswerWithin, context.RequestAborted));
        }

        var gatewayEvent = SlackEventMapper.MapInteraction(document.RootElement, payloadBytes, topics.Names.SlackEvents, time.GetUtcNow(), out error);
        return gatewayEvent is null ? Problems.BadRequest(error!) : WidenInteraction(await DeliverAsync(context, ingress, gatewayEvent, options.Value));
    }

    /// <summary>
    /// Answers the request as the clicking Slack user, who must be one of its approvers. Refusals (not an approver,
    /// already answered, expired) are told to the user; the request stays as it was.
    /// </summary>
    private static async Task<SlackApprovalReply> AnswerAsync(ApprovalDesk approvals, SlackApprovalClick click, TimeSpan within, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(within);
        try
        {
            var request = await approvals.FindAsync(click.ApprovalId, limit.Token);
            var answered = await approvals.AnswerAsync(click.ApprovalId, new ApprovalAnswer(click.Approve, click.AnswererFor(request), null, "slack", ApproverRequired: true), limit.Token);
            return new SlackApprovalReply($"{answered.Status} {answered.Id}: {answered.Tool} of agent {answered.Agent} (run {answered.RunId}) goes on.");
        }
        catch (ApprovalRefusedException ex)
        {
            return new SlackApprovalReply($"Not answered: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SlackApprovalReply($"Not answered: Kafka did not confirm the answer to {click.ApprovalId} in time; look with `ambient approvals show {click.ApprovalId}` and answer again if it is still pending.");
        }
        catch (KafkaOperationException)
        {
            return new SlackApprovalReply($"Not answered: Kafka is not reachable; try again, or `ambient approvals approve|deny {click.ApprovalId}`.");
        }
    }

    private static Results<DeliveryAnswer, Ok<SlackApprovalReply>, ProblemHttpResult> WidenInteraction(
        Results<DeliveryAnswer, ProblemHttpResult> result) => result.Result switch
        {
            DeliveryAnswer answer => answer,
            ProblemHttpResult problem => problem,
            var other => throw new InvalidOperationException($"Unexpected delivery result {other.GetType().Name}."),
        };

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

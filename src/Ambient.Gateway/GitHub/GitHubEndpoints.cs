using Ambient.Gateway.Configuration;
using Ambient.Gateway.Delivery;
using Ambient.Gateway.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Ambient.Gateway.GitHub;

/// <summary><c>POST /webhooks/github</c>: signed deliveries to the GitHub topic, unknown events to the unrouted topic, <c>ping</c> answered.</summary>
internal static class GitHubEndpoints
{
    public static IEndpointRouteBuilder MapGitHubWebhooks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/github", HandleAsync)
            .AddEndpointFilter<ClientGuardFilter>()
            .AddEndpointFilter(new BodyFilter(new GitHubSignature(), "application/json"))
            .AddEndpointFilter(new RateLimitFilter(SourceRateLimiters.GitHub))
            .WithName("GitHubWebhook");
        return endpoints;
    }

    private static async Task<Results<DeliveryAnswer, ProblemHttpResult>> HandleAsync(
        HttpContext context,
        [FromHeader(Name = "X-GitHub-Event")] string? eventName,
        [FromHeader(Name = "X-GitHub-Delivery")] string? deliveryId,
        EventIngress ingress,
        GatewayTopics topics,
        TimeProvider time,
        IOptions<GatewayOptions> options)
    {
        if (!Names.IsEventWord(eventName))
        {
            return Problems.BadRequest("X-GitHub-Event must name the event (lowercase letters, digits and underscores).");
        }

        if (eventName == GitHubEventNames.Ping)
        {
            return DeliveryAnswer.Pong();
        }

        if (!Names.IsId(deliveryId))
        {
            return Problems.BadRequest("X-GitHub-Delivery must carry the delivery id (printable, at most 256 characters).");
        }

        var topic = GitHubEventNames.Known.Contains(eventName) ? topics.Names.GitHubEvents : topics.Unrouted;
        var gatewayEvent = GitHubEventMapper.Map(eventName, deliveryId, BufferedBody.Get(context), topic, time.GetUtcNow(), out var error);
        if (gatewayEvent is null)
        {
            return Problems.BadRequest(error!);
        }

        var gateway = options.Value;
        return await DeliveryResults.DeliverAsync(context, ingress, [gatewayEvent], gateway.PublishTimeout, gateway.RetryAfter);
    }
}

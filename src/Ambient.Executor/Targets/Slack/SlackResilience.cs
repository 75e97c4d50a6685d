using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ambient.Executor.Targets.Slack;

/// <summary>
/// The handler's own retries: a couple of quick ones for a blip (a 5xx, a dropped connection, an attempt that
/// hangs). A 429 is never retried here: it goes back to the executor with its Retry-After, so the executor can
/// hold Slack without stalling the other targets.
/// </summary>
internal static class SlackResilience
{
    private static readonly HttpRequestOptionsKey<bool> s_repeatable = new("Ambient.Executor.Slack.Repeatable");

    /// <summary>Says whether the request may be sent again after an answer that leaves unknown whether it took effect.</summary>
    public static void MarkRepeatable(HttpRequestMessage request, bool repeatable) => request.Options.Set(s_repeatable, repeatable);

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, SlackTargetOptions options) => pipeline
        .AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldRetryAfterHeader = false,
            ShouldHandle = args => ValueTask.FromResult(ShouldRepeat(args)),
        })
        .AddTimeout(new HttpTimeoutStrategyOptions
        {
            // A third of the total, so a hung first attempt still leaves time for the retries; a request that is
            // not repeated has no retries to leave time for, and gets all of it (HttpClient.Timeout bounds it).
            TimeoutGenerator = args => ValueTask.FromResult(IsRepeatable(args.Context) ? options.Timeout / 3 : Timeout.InfiniteTimeSpan),
        });

    private static bool ShouldRepeat(RetryPredicateArguments<HttpResponseMessage> args)
    {
        // A connection that was never made carried nothing: safe to repeat whatever the request.
        if (args.Outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
        {
            return true;
        }

        // Past that point a post may have reached Slack (a 502 from a proxy, a timeout after the write): posting
        // it again could show the message twice, so only repeatable requests are sent again.
        return IsRepeatable(args.Context) && args.Outcome switch
        {
            { Exception: HttpRequestException or TimeoutRejectedException } => true,
            { Result.StatusCode: HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError } => true,
            _ => false,
        };
    }

    private static bool IsRepeatable(ResilienceContext context) =>
        context.GetRequestMessage()?.Options.TryGetValue(s_repeatable, out var repeatable) == true && repeatable;
}

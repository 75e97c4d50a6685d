using System.Net;

namespace Ambient.Executor.Targets.Slack;

/// <summary>
/// Turns Slack's answers into outcomes. Slack reports most errors as HTTP 200 with <c>"ok": false</c> and an
/// <c>error</c> code (https://api.slack.com/web); a rate limit is HTTP 429 with <c>Retry-After</c> in seconds
/// (https://api.slack.com/docs/rate-limits).
/// </summary>
internal static class SlackErrors
{
    // Slack's own "try again" codes; every other code is a refusal that a retry cannot change.
    private static readonly HashSet<string> s_transient = ["internal_error", "fatal_error", "service_unavailable", "request_timeout"];

    public static TargetOutcome Of(string method, string error, string? neededScope, TimeSpan? retryAfter) => error switch
    {
        "ratelimited" => TargetOutcome.Retry($"slack {method}: ratelimited", retryAfter),
        _ when s_transient.Contains(error) => TargetOutcome.Retry($"slack {method}: {error}", retryAfter),
        "missing_scope" when neededScope is not null => TargetOutcome.Failed($"slack {method}: missing_scope (the bot token needs {neededScope})"),
        _ => TargetOutcome.Failed($"slack {method}: {error}"),
    };

    public static TargetOutcome? OfStatus(string method, HttpStatusCode status, TimeSpan? retryAfter) => status switch
    {
        HttpStatusCode.TooManyRequests => TargetOutcome.Retry($"slack {method}: rate limited (HTTP 429)", retryAfter),
        HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError => TargetOutcome.Retry($"slack {method}: HTTP {(int)status}", retryAfter),
        _ => null,
    };
}

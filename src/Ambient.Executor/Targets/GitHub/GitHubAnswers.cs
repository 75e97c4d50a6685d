using System.Globalization;
using System.Net;
using Octokit;

namespace Ambient.Executor.Targets.GitHub;

/// <summary>
/// Turns what a GitHub request threw into an outcome: throttling, server errors and silence are retried, refusals
/// fail naming GitHub's answer. Anything else (a cancelled executor, a bug) is not an answer of GitHub and is left to throw.
/// </summary>
internal static class GitHubAnswers
{
    // GitHub's advice when a limit names no wait: "wait for at least one minute before retrying".
    private static readonly TimeSpan s_unnamedWait = TimeSpan.FromMinutes(1);

    /// <param name="exception">What the request threw.</param>
    /// <param name="subject">What was attempted, e.g. <c>comment on octo/app#7</c>.</param>
    /// <param name="baseUrl">Where GitHub was expected.</param>
    /// <param name="time">The clock the rate limit's reset is measured against.</param>
    public static TargetOutcome? ToOutcome(Exception exception, string subject, Uri baseUrl, TimeProvider time) => exception switch
    {
        ApiException api when Throttled(api, subject, time) is { } retry => retry,
        AuthorizationException =>
            TargetOutcome.Failed($"GitHub refused the credentials (401) for {subject}: the token in {GitHubTargetOptions.SectionName}:Token is expired or invalid."),
        ForbiddenException api => TargetOutcome.Failed($"GitHub denied {subject} (403 Forbidden: {api.Message}): the token lacks permission for it."),
        NotFoundException => TargetOutcome.Failed(
            $"GitHub answered 404 Not Found to {subject}: the repository or issue does not exist, or the token cannot see it."),
        ApiValidationException api => TargetOutcome.Failed($"GitHub rejected {subject} (422 Unprocessable Entity): {ValidationDetail(api)}"),
        ApiException { StatusCode: >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout } api =>
            TargetOutcome.Retry($"GitHub answered {(int)api.StatusCode} to {subject}: {api.Message}"),
        ApiException api => TargetOutcome.Failed($"GitHub answered {(int)api.StatusCode} to {subject}: {api.Message}"),
        HttpRequestException http => TargetOutcome.Retry($"GitHub is unreachable at {baseUrl} for {subject}: {http.Message}"),
        TimeoutException timeout => TargetOutcome.Retry($"{timeout.Message} to {subject}."),
        _ => null,
    };

    // GitHub throttles with 403 or 429 (https://docs.github.com/rest/using-the-rest-api/best-practices-for-using-the-rest-api#handle-rate-limit-errors-appropriately):
    // Retry-After names the wait of a secondary limit; X-RateLimit-Remaining 0 means the primary limit is spent until X-RateLimit-Reset.
    private static TargetOutcome? Throttled(ApiException api, string subject, TimeProvider time)
    {
        var status = (int)api.StatusCode;
        if (status is not (403 or 429))
        {
            return null;
        }

        if (Header(api, "Retry-After") is { } retryAfter && int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TargetOutcome.Retry($"GitHub throttled {subject} ({status}, secondary rate limit): retry after {seconds} s.", TimeSpan.FromSeconds(seconds));
        }

        if (Header(api, "X-RateLimit-Remaining") == "0"
            && long.TryParse(Header(api, "X-RateLimit-Reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var resetSeconds))
        {
            var reset = DateTimeOffset.FromUnixTimeSeconds(resetSeconds);
            var wait = reset - time.GetUtcNow();

            // A reset already past (clock skew) names no usable wait; the executor's own backoff applies.
            return TargetOutcome.Retry(
                $"GitHub rate limit spent ({status}) for {subject}; it resets at {reset.ToString("u", CultureInfo.InvariantCulture)}.",
                wait > TimeSpan.Zero ? wait : null);
        }

        return status == 429 || api is RateLimitExceededException or SecondaryRateLimitExceededException or AbuseException
            ? TargetOutcome.Retry($"GitHub throttled {subject} ({status}: {api.Message}).", s_unnamedWait)
            : null;
    }

    private static string ValidationDetail(ApiValidationException api)
    {
        var errors = api.ApiError?.Errors?.Select(error => error.Message ?? $"{error.Resource}.{error.Field} {error.Code}").ToList() ?? [];
        return errors.Count == 0 ? api.Message : $"{api.Message} ({string.Join("; ", errors)})";
    }

    // Octokit keeps header names as the server spelled them; HTTP names are case-insensitive.
    private static string? Header(ApiException api, string name) =>
        api.HttpResponse?.Headers.FirstOrDefault(header => string.Equals(header.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}

using System.Globalization;
using System.Net;
using Octokit;

namespace Ambient.Tools.GitHub;

/// <summary>What to tell the model when a GitHub read failed, naming what it tried to read.</summary>
internal static class GitHubFailures
{
    /// <param name="exception">What the read threw.</param>
    /// <param name="subject">What was read, e.g. <c>issue octo/app#7</c>.</param>
    /// <param name="baseUrl">Where GitHub was expected.</param>
    public static string Describe(Exception exception, string subject, Uri baseUrl) => exception switch
    {
        NotFoundException => $"GitHub: {subject} was not found (404). Check the repository, number or path; a private repository the token cannot see also answers 404.",
        AuthorizationException => $"GitHub refused the credentials (401) reading {subject}: the token in Ambient:Tools:GitHub:Token is missing, expired or invalid.",
        RateLimitExceededException limit =>
            $"GitHub rate limit exceeded reading {subject}; it resets at {limit.Reset.ToString("u", CultureInfo.InvariantCulture)}. Try again later.",
        SecondaryRateLimitExceededException or AbuseException => $"GitHub throttled the request for {subject} (secondary rate limit). Try again later.",
        ForbiddenException => $"GitHub denied access (403) to {subject}: the token lacks permission for it.",
        ApiException { StatusCode: >= HttpStatusCode.InternalServerError } api =>
            $"GitHub answered {(int)api.StatusCode} (server error) for {subject}. Try again later.",
        ApiException api => $"GitHub answered {(int)api.StatusCode} for {subject}: {api.Message}",
        HttpRequestException http => $"GitHub is unreachable at {baseUrl}: {http.Message}",
        OperationCanceledException => $"GitHub did not answer in time for {subject}.",
        _ => $"Reading {subject} from GitHub failed: {exception.Message}",
    };
}

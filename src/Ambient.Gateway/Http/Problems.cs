using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ambient.Gateway.Http;

/// <summary>The gateway's error answers: ProblemDetails that say what is wrong, never echoing the body or a secret.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "Malformed request", detail);

    public static ProblemHttpResult Unauthorized(HttpContext context, string detail, string? challenge = null)
    {
        if (challenge is not null)
        {
            context.Response.Headers.WWWAuthenticate = challenge;
        }

        return Problem(StatusCodes.Status401Unauthorized, "Not authenticated", detail);
    }

    public static ProblemHttpResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Not allowed", detail);

    public static ProblemHttpResult RequestTimeout(string detail) => Problem(StatusCodes.Status408RequestTimeout, "Request too slow", detail);

    public static ProblemHttpResult TooLarge(long limit, string setting) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Body too large",
            string.Create(CultureInfo.InvariantCulture, $"The body is larger than the {limit} bytes accepted here ({setting})."));

    public static ProblemHttpResult UnsupportedMediaType(string? given, string expected) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", $"Content-Type '{given ?? "(none)"}' is not accepted here; send {expected}.");

    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        SetRetryAfter(context, retryAfter);
        return Problem(StatusCodes.Status429TooManyRequests, "Too many requests", "This source's rate limit is exhausted; retry after the Retry-After delay.");
    }

    public static ProblemHttpResult TooManyFailedAuthentications(HttpContext context, TimeSpan retryAfter)
    {
        SetRetryAfter(context, retryAfter);
        return Problem(StatusCodes.Status429TooManyRequests, "Too many failed authentications",
            "Requests from this address failed authentication too often; fix the secret or token and retry after the Retry-After delay.");
    }

    public static ProblemHttpResult BodyBudgetSpent(HttpContext context, TimeSpan retryAfter, bool byThisClient)
    {
        SetRetryAfter(context, retryAfter);
        return byThisClient
            ? Problem(StatusCodes.Status429TooManyRequests, "Too many bodies in flight",
                "This address has too many request bodies being received at once; retry after the Retry-After delay.")
            : Problem(StatusCodes.Status503ServiceUnavailable, "Busy",
                "The gateway is receiving as many request bodies as it holds at once; nothing was accepted. Retry after the Retry-After delay.");
    }

    public static ProblemHttpResult TooLargeForKafka() =>
        Problem(StatusCodes.Status413PayloadTooLarge, "Event too large for its topic",
            "Kafka refused the event as larger than its topic's max.message.bytes or the producer's message.max.bytes; nothing was accepted, and retrying the same event cannot succeed.");

    public static ProblemHttpResult RefusedByKafka() =>
        Problem(StatusCodes.Status500InternalServerError, "Gateway misconfigured",
            "Kafka refused the write for a reason only the gateway's configuration can fix (not authorized, or no such topic); nothing was accepted. The gateway's log names the topic.");

    public static ProblemHttpResult Unavailable(HttpContext context, TimeSpan retryAfter)
    {
        SetRetryAfter(context, retryAfter);
        return Problem(StatusCodes.Status503ServiceUnavailable, "Not accepted yet",
            "Kafka has not acknowledged the event; nothing was accepted. Retry after the Retry-After delay.");
    }

    private static void SetRetryAfter(HttpContext context, TimeSpan retryAfter) =>
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString(CultureInfo.InvariantCulture);

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}

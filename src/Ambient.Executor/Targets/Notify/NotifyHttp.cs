using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Ambient.Executor.Targets.Notify;

/// <summary>What one request to a sink came to.</summary>
/// <param name="Status">The HTTP status; 0 when there was no answer.</param>
/// <param name="Body">The answer's body, when there was one.</param>
/// <param name="Problem">The retry or failure to report; null for a 2xx.</param>
internal sealed record SinkAnswer(int Status, string Body, TargetOutcome? Problem);

/// <summary>
/// Sends the <c>github-issue</c> and <c>webhook</c> sinks' requests within <see cref="NotifyTargetOptions.Timeout"/>
/// and turns every answer, and every missing answer, into a <see cref="SinkAnswer"/>: 408, 429 and 5xx, silence and
/// a refused connection are retried (after the Retry-After or rate-limit reset the sink named), any other non-2xx
/// fails naming the sink and its answer. Nothing the sink or the network does escapes as an exception.
/// </summary>
/// <remarks>
/// The client has no retries of its own (the executor retries, looking first where it can) and follows no
/// redirects: a POST redirected would be re-sent as a GET, so a 3xx fails and asks for the final address.
/// </remarks>
internal sealed class NotifyHttp(IHttpClientFactory clients, IOptionsMonitor<NotifyTargetOptions> options, TimeProvider time)
{
    public const string HttpClientName = "Ambient.Executor.Notify";

    private const int MaxDetail = 300;

    /// <param name="sink">The sink, as the reason names it, e.g. <c>webhook https://hooks.example</c>.</param>
    /// <param name="request">The request; disposed here.</param>
    /// <param name="cancellationToken">Ends the wait when the executor stops.</param>
    public async Task<SinkAnswer> SendAsync(string sink, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var _ = request;
        var timeout = options.CurrentValue.Timeout;
        using var limit = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var body = await response.Content.ReadAsStringAsync(linked.Token);
            return new((int)response.StatusCode, body, Problem(sink, response, body));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(0, "", TargetOutcome.Retry($"{sink}: no answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"));
        }
        catch (HttpRequestException exception)
        {
            return new(0, "", TargetOutcome.Retry($"{sink}: {exception.HttpRequestError} ({exception.Message})"));
        }
    }

    private TargetOutcome? Problem(string sink, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return null;
        }

        var answer = $"{sink}: HTTP {status} {response.ReasonPhrase}{Detail(body)}";
        var retryAfter = RetryAfter(response);
        return status switch
        {
            408 or 429 or >= 500 => TargetOutcome.Retry(answer, retryAfter),

            // GitHub throttles with 403 too, saying so with Retry-After or a spent X-RateLimit-Remaining.
            403 when retryAfter is not null || Header(response, "X-RateLimit-Remaining") == "0" => TargetOutcome.Retry(answer, retryAfter),
            >= 300 and < 400 => TargetOutcome.Failed($"{answer} (redirects are not followed: configure the final address)"),
            _ => TargetOutcome.Failed(answer),
        };
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var wait = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ when long.TryParse(Header(response, "X-RateLimit-Reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset)
                && Header(response, "X-RateLimit-Remaining") == "0" => DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow(),
            _ => (TimeSpan?)null,
        };

        // A moment already past (clock skew) names no usable wait; the executor's own backoff applies.
        return wait > TimeSpan.Zero ? wait : null;
    }

    // GitHub explains a refusal in "message"; anything else is quoted, shortened.
    private static string Detail(string body)
    {
        var text = body.Trim();
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                text = message.GetString()!;
            }
        }
        catch (JsonException)
        {
            // Not JSON: quoted as it is.
        }

        return text.Length == 0 ? "" : $": {(text.Length > MaxDetail ? text[..MaxDetail] + "…" : text)}";
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}

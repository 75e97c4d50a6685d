using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace Ambient.Executor.Targets.Slack;

/// <summary>
/// Calls Slack Web API methods with the bot token and turns every answer, and every missing answer, into a
/// <see cref="SlackAnswer"/>: nothing Slack or the network does escapes as an exception.
/// </summary>
/// <remarks>
/// A client is created per call from the factory rather than held, so this singleton never pins one handler
/// (and its DNS answer) for the life of the executor.
/// </remarks>
internal sealed class SlackWebApi(IHttpClientFactory clients, IOptionsMonitor<SlackTargetOptions> options)
{
    public const string HttpClientName = "Ambient.Executor.Slack";

    /// <summary>Calls a write method with a JSON body. <paramref name="repeatable"/> says whether sending it twice is harmless.</summary>
    public Task<SlackAnswer> PostAsync(string method, JsonObject body, bool repeatable, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, method)
        {
            // A string, not JsonContent: Slack wants the charset named, and a Content-Length rather than chunks.
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        SlackResilience.MarkRepeatable(request, repeatable);
        return SendAsync(method, request, cancellationToken);
    }

    /// <summary>Calls a read method with its arguments in the query string; reads are always repeatable.</summary>
    public Task<SlackAnswer> GetAsync(string method, IEnumerable<KeyValuePair<string, string>> arguments, CancellationToken cancellationToken)
    {
        var query = string.Join('&', arguments.Select(a => $"{Uri.EscapeDataString(a.Key)}={Uri.EscapeDataString(a.Value)}"));
        var request = new HttpRequestMessage(HttpMethod.Get, $"{method}?{query}");
        SlackResilience.MarkRepeatable(request, repeatable: true);
        return SendAsync(method, request, cancellationToken);
    }

    private async Task<SlackAnswer> SendAsync(string method, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var _ = request;
        if (string.IsNullOrWhiteSpace(options.CurrentValue.BotToken))
        {
            return SlackAnswer.Unanswered(TargetOutcome.Failed($"slack {method}: no bot token; set {SlackTargetOptions.SectionName}:BotToken"));
        }

        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.CurrentValue.BotToken);
        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            return await ReadAsync(method, response, cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            return NoAnswer(method);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout: the total time, reading the body included, ran out.
            return NoAnswer(method);
        }
        catch (HttpRequestException exception)
        {
            return SlackAnswer.Unanswered(TargetOutcome.Retry($"slack {method}: {exception.HttpRequestError} ({exception.Message})"));
        }
    }

    private SlackAnswer NoAnswer(string method) =>
        SlackAnswer.Unanswered(TargetOutcome.Retry($"slack {method}: no answer within {options.CurrentValue.Timeout}"));

    private static async Task<SlackAnswer> ReadAsync(string method, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var retryAfter = response.Headers.RetryAfter?.Delta;
        if (SlackErrors.OfStatus(method, response.StatusCode, retryAfter) is { } unavailable)
        {
            return SlackAnswer.Unanswered(unavailable);
        }

        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return SlackAnswer.Unanswered(TargetOutcome.Failed($"slack {method}: HTTP {(int)response.StatusCode} without a JSON answer"));
        }

        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
        {
            return new SlackAnswer(body, null, null);
        }

        var answer = new SlackAnswer(body, null, null);
        var error = answer.Property("error") ?? $"HTTP {(int)response.StatusCode} without \"ok\": true";
        return answer with { Error = error, Problem = SlackErrors.Of(method, error, answer.Property("needed"), retryAfter) };
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using k8s.Autorest;

namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>
/// Turns what a call to the API server threw into the action's outcome: a refusal that will not change (401, 403, 404,
/// 422) fails it, anything that may pass (409, 429, 5xx, unreachable, timeout) retries it. Null for anything else.
/// </summary>
internal static class KubernetesAnswers
{
    public static TargetOutcome? Of(Exception exception, WorkloadReference workload, string server, TimeSpan timeout, CancellationToken cancellationToken) =>
        exception switch
        {
            HttpOperationException http => OfStatus(http, workload),
            HttpRequestException http => TargetOutcome.Retry($"Kubernetes is unreachable at {server} for {workload}: {http.Message}"),

            // The caller's own cancellation (the executor stopping) is no answer of the system: it propagates.
            OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                TargetOutcome.Retry($"Kubernetes at {server} did not answer within {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s for {workload}."),
            _ => null,
        };

    private static TargetOutcome OfStatus(HttpOperationException http, WorkloadReference workload)
    {
        var code = (int)http.Response.StatusCode;
        var verb = http.Request?.Method == HttpMethod.Get ? "get" : "patch";
        var said = StatusMessage(http.Response.Content) ?? http.Response.ReasonPhrase ?? http.Message;
        return http.Response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => TargetOutcome.Failed(
                $"Kubernetes refused the executor's credentials (401 Unauthorized) to {verb} {workload}: its kubeconfig or ServiceAccount token is invalid or expired."),
            HttpStatusCode.Forbidden => TargetOutcome.Failed(
                $"Kubernetes forbade the executor to {verb} {workload} (403 Forbidden): its ServiceAccount lacks RBAC for verb '{verb}' on " +
                $"resource '{workload.Resource}' in API group 'apps' in namespace '{workload.Namespace}'. Kubernetes said: {said}"),
            HttpStatusCode.NotFound => TargetOutcome.Failed($"{workload} was not found (404 Not Found)."),
            HttpStatusCode.Conflict => TargetOutcome.Retry(
                $"{workload} changed between the executor's read and its patch (409 Conflict); the next attempt reads it again."),
            HttpStatusCode.UnprocessableEntity => TargetOutcome.Failed($"Kubernetes rejected the {verb} of {workload} as invalid (422): {said}"),
            HttpStatusCode.TooManyRequests => TargetOutcome.Retry($"Kubernetes throttled the {verb} of {workload} (429 Too Many Requests).", RetryAfter(http)),
            >= HttpStatusCode.InternalServerError => TargetOutcome.Retry($"Kubernetes answered {code} to the {verb} of {workload}: {said}", RetryAfter(http)),
            _ => TargetOutcome.Failed($"Kubernetes answered {code} to the {verb} of {workload}: {said}"),
        };
    }

    // The API server sends Retry-After in seconds (API Priority and Fairness, a 500 with a retry hint), never as a date.
    private static TimeSpan? RetryAfter(HttpOperationException http)
    {
        foreach (var (name, values) in http.Response.Headers ?? new Dictionary<string, IEnumerable<string>>())
        {
            if (name.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(values.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return null;
    }

    // A refusal explains itself in a Status object's message, e.g. which user may not patch what.
    private static string? StatusMessage(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

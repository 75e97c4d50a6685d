using System.Net;
using System.Text.Json;
using k8s.Autorest;

namespace Ambient.Tools.Kubernetes;

/// <summary>What to tell the model when a Kubernetes read failed, naming what it tried to read.</summary>
internal static class KubernetesFailures
{
    /// <param name="exception">What the read threw.</param>
    /// <param name="subject">What was read, e.g. <c>Pod shop/web-0</c>.</param>
    /// <param name="server">The API server's address.</param>
    public static string Describe(Exception exception, string subject, string server) => exception switch
    {
        HttpOperationException { Response.StatusCode: HttpStatusCode.NotFound } => $"Kubernetes: {subject} was not found (404).",
        HttpOperationException { Response.StatusCode: HttpStatusCode.Unauthorized } =>
            $"Kubernetes refused the credentials (401) reading {subject}: the kubeconfig or service account token is invalid or expired.",
        HttpOperationException { Response.StatusCode: HttpStatusCode.Forbidden } => $"Kubernetes denied access (403) to {subject}: the account may not read it (RBAC).",
        HttpOperationException { Response.StatusCode: HttpStatusCode.TooManyRequests } => $"Kubernetes throttled the request for {subject} (429). Try again later.",
        HttpOperationException { Response.StatusCode: >= HttpStatusCode.InternalServerError } http =>
            $"Kubernetes answered {(int)http.Response.StatusCode} (server error) for {subject}. Try again later.",
        HttpOperationException http => $"Kubernetes answered {(int)http.Response.StatusCode} for {subject}: {StatusMessage(http.Response.Content) ?? http.Message}",
        HttpRequestException http => $"Kubernetes is unreachable at {server}: {http.Message}",
        OperationCanceledException => $"Kubernetes did not answer in time for {subject}.",
        _ => $"Reading {subject} from Kubernetes failed: {exception.Message}",
    };

    // The API server explains a 400 (e.g. which containers a multi-container pod has) in a Status object's message.
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
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Net;

namespace Ambient.Operator.Cluster;

/// <summary>The API server refused a request, or could not be reached; the message says which request and why.</summary>
public sealed class KubernetesApiException(string message, HttpStatusCode? status = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The answer's status code; null when there was no answer.</summary>
    public HttpStatusCode? Status => status;
}

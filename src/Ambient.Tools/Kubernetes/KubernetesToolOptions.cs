namespace Ambient.Tools.Kubernetes;

/// <summary>
/// Which API server the Kubernetes read tools reach; bound from <c>Ambient:Tools:Kubernetes</c>. In order: <see cref="Url"/>,
/// then <see cref="Kubeconfig"/>, then the pod's service account when running in a cluster. None of them: the tools
/// answer every call with "not configured", so a worker starts without Kubernetes.
/// </summary>
public sealed class KubernetesToolOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Tools:Kubernetes";

    /// <summary>A kubeconfig file's path.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context to use; its current context when absent.</summary>
    public string? Context { get; set; }

    /// <summary>A plain API server URL without credentials, e.g. <c>http://127.0.0.1:8001</c> from <c>kubectl proxy</c>.</summary>
    public Uri? Url { get; set; }
}

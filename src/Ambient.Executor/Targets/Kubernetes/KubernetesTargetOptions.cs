namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>
/// Which API server the Kubernetes target changes workloads on; bound from <c>Ambient:Executors:Kubernetes</c>. In order:
/// <see cref="Url"/>, then <see cref="Kubeconfig"/> (or the default kubeconfig when only <see cref="Context"/> is set),
/// then the pod's service account when running in a cluster, then the default kubeconfig (<c>~/.kube/config</c>).
/// None of them: each Kubernetes action fails naming these settings, and the executor keeps applying the others.
/// </summary>
public sealed class KubernetesTargetOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ambient:Executors:Kubernetes";

    /// <summary>A plain API server URL without credentials, e.g. <c>http://127.0.0.1:8001</c> from <c>kubectl proxy</c>.</summary>
    public Uri? Url { get; set; }

    /// <summary>A kubeconfig file's path.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context to use; the file's current context when absent.</summary>
    public string? Context { get; set; }

    /// <summary>How long one request may wait for the API server before the action is retried; 30 seconds by default.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

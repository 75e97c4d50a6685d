namespace Ambient.Gateway.Configuration;

/// <summary><c>Ambient:Gateway:Kubernetes</c>: the watcher of core/v1 Events.</summary>
public sealed class KubernetesWatcherOptions
{
    /// <summary>On, off, or (unset) on when running in a cluster or a kubeconfig file exists.</summary>
    public bool? Enabled { get; set; }

    /// <summary>Namespaces to watch; empty watches all (needs a cluster-wide list/watch permission on events).</summary>
    public string[] Namespaces { get; set; } = [];

    /// <summary>Event types published; Kubernetes has <c>Normal</c> and <c>Warning</c>.</summary>
    public string[] Types { get; set; } = ["Warning"];

    /// <summary>A kubeconfig file; default <c>$KUBECONFIG</c> or <c>~/.kube/config</c> when not in a cluster.</summary>
    public string? KubeConfigPath { get; set; }

    /// <summary>An API server URL used as-is, without credentials (a local proxy such as <c>kubectl proxy</c>, or a test server).</summary>
    public string? Host { get; set; }

    /// <summary>Wait before reconnecting after the API server failed.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);
}

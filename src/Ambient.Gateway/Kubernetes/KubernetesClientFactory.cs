using Ambient.Gateway.Configuration;
using k8s;

namespace Ambient.Gateway.Kubernetes;

/// <summary>Where the watcher's API server is: an explicit host, the pod's service account, or a kubeconfig.</summary>
internal static class KubernetesClientFactory
{
    /// <summary>Whether the watcher runs: as configured, else when in a cluster or a kubeconfig file exists.</summary>
    public static bool IsEnabled(KubernetesWatcherOptions options) =>
        options.Enabled ?? (options.Host is not null || KubernetesClientConfiguration.IsInCluster() || File.Exists(KubeConfigPath(options)));

    public static k8s.Kubernetes Create(KubernetesWatcherOptions options)
    {
        var configuration = options.Host is { } host ? new KubernetesClientConfiguration { Host = host }
            : KubernetesClientConfiguration.IsInCluster() ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeConfigPath(options));
        return new k8s.Kubernetes(configuration);
    }

    private static string KubeConfigPath(KubernetesWatcherOptions options) =>
        options.KubeConfigPath
        ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator)[0]
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
}

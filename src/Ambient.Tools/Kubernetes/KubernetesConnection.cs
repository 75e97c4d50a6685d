using k8s;

namespace Ambient.Tools.Kubernetes;

/// <summary>The client the options lead to, or why there is none.</summary>
internal sealed record KubernetesConnection(k8s.Kubernetes? Client, string Server, string? Problem)
{
    public const string NotConfigured =
        "Kubernetes is not configured: set Ambient:Tools:Kubernetes:Kubeconfig (a kubeconfig path, with optional Ambient:Tools:Kubernetes:Context) " +
        "or Ambient:Tools:Kubernetes:Url, or run in a cluster.";

    /// <summary>Url first, then a kubeconfig file, then the pod's service account; never throws.</summary>
    public static KubernetesConnection Create(KubernetesToolOptions options)
    {
        KubernetesClientConfiguration? configuration;
        try
        {
            configuration = options switch
            {
                { Url: { } url } => new KubernetesClientConfiguration { Host = url.AbsoluteUri },
                { Kubeconfig: { Length: > 0 } path } => KubernetesClientConfiguration.BuildConfigFromConfigFile(path, options.Context),
                _ when KubernetesClientConfiguration.IsInCluster() => KubernetesClientConfiguration.InClusterConfig(),
                _ => null,
            };
        }
#pragma warning disable CA1031 // A bad kubeconfig must not stop the worker: the tools report it on each call instead.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return new(null, options.Kubeconfig ?? "(none)", $"Kubernetes configuration could not be loaded from Ambient:Tools:Kubernetes:Kubeconfig '{options.Kubeconfig}': {exception.Message}");
        }

        return configuration is null
            ? new(null, "(none)", NotConfigured)
            : new(new k8s.Kubernetes(configuration), configuration.Host, null);
    }
}

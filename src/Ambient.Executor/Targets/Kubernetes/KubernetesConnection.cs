using k8s;

namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>The client the options lead to, or why there is none.</summary>
internal sealed record KubernetesConnection(k8s.Kubernetes? Client, string Server, string? Problem)
{
    private const string Section = KubernetesTargetOptions.SectionName;

    public const string NotConfigured =
        $"Kubernetes is not configured for the executor: set {Section}:Url, or {Section}:Kubeconfig (with optional {Section}:Context), " +
        "or run it in a cluster with a ServiceAccount.";

    /// <summary>Url, then a kubeconfig file, then the pod's service account, then the default kubeconfig; never throws.</summary>
    public static KubernetesConnection Create(KubernetesTargetOptions options)
    {
        KubernetesClientConfiguration? configuration;
        try
        {
            configuration = options switch
            {
                { Url: { } url } => new KubernetesClientConfiguration { Host = url.AbsoluteUri },
                { Kubeconfig.Length: > 0 } or { Context.Length: > 0 } =>
                    KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig, options.Context),
                _ when KubernetesClientConfiguration.IsInCluster() => KubernetesClientConfiguration.InClusterConfig(),
                _ when File.Exists(KubernetesClientConfiguration.KubeConfigDefaultLocation) => KubernetesClientConfiguration.BuildConfigFromConfigFile(),
                _ => null,
            };
        }
#pragma warning disable CA1031 // A bad kubeconfig must not stop the executor: each Kubernetes action fails naming it instead.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return new(null, options.Kubeconfig ?? "(default kubeconfig)",
                $"Kubernetes configuration could not be loaded from {Section}:Kubeconfig '{options.Kubeconfig}' (context '{options.Context}'): {exception.Message}");
        }

        if (configuration is null)
        {
            return new(null, "(none)", NotConfigured);
        }

        configuration.HttpClientTimeout = options.Timeout;
        return new(new k8s.Kubernetes(configuration), configuration.Host, null);
    }
}

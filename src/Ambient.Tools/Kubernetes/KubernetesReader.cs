using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace Ambient.Tools.Kubernetes;

/// <summary>
/// The only way the Kubernetes tools reach the API server: reads of the allowed kinds, a list of events and a log tail,
/// all GET requests. The client (which could also create, patch and delete) stays private, so no write is reachable
/// from a tool. It is created once, on first use, so a worker without Kubernetes starts and only calls fail.
/// </summary>
internal sealed class KubernetesReader : IDisposable
{
    private readonly Lazy<KubernetesConnection> _connection;

    public KubernetesReader(IOptions<KubernetesToolOptions> options) =>
        _connection = new(() => KubernetesConnection.Create(options.Value), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Why no call can be made (not configured, unreadable kubeconfig), or null when the client is ready.</summary>
    public string? Unavailable => _connection.Value.Problem;

    /// <summary>Where requests go, for failure messages.</summary>
    public string Server => _connection.Value.Server;

    /// <summary>The object as the API server's JSON, for <see cref="KubernetesObjectSummary"/> to pick from.</summary>
    public async Task<JsonObject> GetAsync(KubernetesObjectKind kind, string namespaceName, string name, CancellationToken cancellationToken)
    {
        var client = Client;
        object item = kind switch
        {
            KubernetesObjectKind.Pod => await client.CoreV1.ReadNamespacedPodAsync(name, namespaceName, cancellationToken: cancellationToken).ConfigureAwait(false),
            KubernetesObjectKind.Service => await client.CoreV1.ReadNamespacedServiceAsync(name, namespaceName, cancellationToken: cancellationToken).ConfigureAwait(false),
            KubernetesObjectKind.Node => await client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false),
            KubernetesObjectKind.Deployment => await client.AppsV1.ReadNamespacedDeploymentAsync(name, namespaceName, cancellationToken: cancellationToken).ConfigureAwait(false),
            KubernetesObjectKind.StatefulSet => await client.AppsV1.ReadNamespacedStatefulSetAsync(name, namespaceName, cancellationToken: cancellationToken).ConfigureAwait(false),
            KubernetesObjectKind.DaemonSet => await client.AppsV1.ReadNamespacedDaemonSetAsync(name, namespaceName, cancellationToken: cancellationToken).ConfigureAwait(false),
            KubernetesObjectKind.ReplicaSet => await client.AppsV1.ReadNamespacedReplicaSetAsync(name, namespaceName, cancellationToken: cancellationToken).ConfigureAwait(false),
            KubernetesObjectKind.Job => await client.BatchV1.ReadNamespacedJobAsync(name, namespaceName, cancellationToken: cancellationToken).ConfigureAwait(false),
            KubernetesObjectKind.CronJob => await client.BatchV1.ReadNamespacedCronJobAsync(name, namespaceName, cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an allowed kind."),
        };
        return JsonNode.Parse(KubernetesJson.Serialize(item))!.AsObject();
    }

    /// <summary>core/v1 events of a namespace matching a field selector.</summary>
    public async Task<IList<Corev1Event>> ListEventsAsync(string namespaceName, string fieldSelector, CancellationToken cancellationToken)
    {
        var list = await Client.CoreV1.ListNamespacedEventAsync(namespaceName, fieldSelector: fieldSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
        return list.Items ?? [];
    }

    /// <summary>The last <paramref name="tailLines"/> lines of a container's log, current or previous instance.</summary>
    public async Task<Stream> ReadLogAsync(string namespaceName, string pod, string? container, bool previous, int tailLines, CancellationToken cancellationToken) =>
        await Client.CoreV1.ReadNamespacedPodLogAsync(
            pod, namespaceName, container: container, previous: previous, tailLines: tailLines, cancellationToken: cancellationToken).ConfigureAwait(false);

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Client?.Dispose();
        }
    }

    private k8s.Kubernetes Client => _connection.Value.Client ?? throw new InvalidOperationException(_connection.Value.Problem);
}

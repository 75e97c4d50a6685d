namespace Ambient.Tools.Kubernetes;

/// <summary>
/// The kinds the tools may read. An allow-list rather than a deny-list: Secrets, ConfigMaps and custom resources
/// may hold credentials, and a kind added to Kubernetes later must not become readable by default.
/// </summary>
internal enum KubernetesObjectKind
{
    Pod,
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet,
    Job,
    CronJob,
    Service,
    Node,
}

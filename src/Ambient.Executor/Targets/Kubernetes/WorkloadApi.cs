using k8s;
using k8s.Models;

namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>The only calls the target makes: a GET and a PATCH of an apps/v1 workload. Errors are the client's exceptions.</summary>
internal static class WorkloadApi
{
    // Shown in the object's managedFields: who changed what.
    private const string FieldManager = "ambient-executor";

    public static async Task<WorkloadState> ReadAsync(IKubernetes client, WorkloadReference workload, CancellationToken cancellationToken) => workload.Kind switch
    {
        WorkloadKind.Deployment => State(await client.AppsV1.ReadNamespacedDeploymentAsync(
            workload.Name, workload.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false)),
        WorkloadKind.StatefulSet => State(await client.AppsV1.ReadNamespacedStatefulSetAsync(
            workload.Name, workload.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false)),
        WorkloadKind.DaemonSet => State(await client.AppsV1.ReadNamespacedDaemonSetAsync(
            workload.Name, workload.Namespace, cancellationToken: cancellationToken).ConfigureAwait(false)),
        _ => throw new ArgumentOutOfRangeException(nameof(workload), workload.Kind, "Not a workload kind."),
    };

    public static async Task<WorkloadState> PatchAsync(IKubernetes client, WorkloadReference workload, V1Patch patch, CancellationToken cancellationToken) => workload.Kind switch
    {
        WorkloadKind.Deployment => State(await client.AppsV1.PatchNamespacedDeploymentAsync(
            patch, workload.Name, workload.Namespace, fieldManager: FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false)),
        WorkloadKind.StatefulSet => State(await client.AppsV1.PatchNamespacedStatefulSetAsync(
            patch, workload.Name, workload.Namespace, fieldManager: FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false)),
        WorkloadKind.DaemonSet => State(await client.AppsV1.PatchNamespacedDaemonSetAsync(
            patch, workload.Name, workload.Namespace, fieldManager: FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false)),
        _ => throw new ArgumentOutOfRangeException(nameof(workload), workload.Kind, "Not a workload kind."),
    };

    // An absent spec.replicas means 1: the API server's default.
    private static WorkloadState State(V1Deployment item) => new(item.Metadata.ResourceVersion, item.Spec?.Replicas ?? 1, item.Metadata.Annotations);

    private static WorkloadState State(V1StatefulSet item) => new(item.Metadata.ResourceVersion, item.Spec?.Replicas ?? 1, item.Metadata.Annotations);

    private static WorkloadState State(V1DaemonSet item) => new(item.Metadata.ResourceVersion, null, item.Metadata.Annotations);
}

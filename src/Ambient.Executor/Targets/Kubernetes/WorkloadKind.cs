namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>The apps/v1 workloads the executor may restart; only the first two can be scaled.</summary>
internal enum WorkloadKind
{
    Deployment,
    StatefulSet,
    DaemonSet,
}

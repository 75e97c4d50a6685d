namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>What the Kubernetes target can do to a workload.</summary>
internal enum WorkloadOperation
{
    /// <summary><c>restart_workload</c>: what <c>kubectl rollout restart</c> does; it cannot be undone.</summary>
    Restart,

    /// <summary><c>scale_workload</c>: set spec.replicas, remembering the count before.</summary>
    Scale,

    /// <summary><c>undo_scale</c>: the compensation of a scale, back to the count before it.</summary>
    UndoScale,
}

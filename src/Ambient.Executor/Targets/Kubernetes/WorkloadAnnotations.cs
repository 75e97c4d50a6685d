namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>
/// What a changed workload carries about the last Ambient action on it: the marker FindAsync looks for, and what an
/// undo needs (the count before and the count the action set), visible to anyone running <c>kubectl describe</c>.
/// </summary>
internal static class WorkloadAnnotations
{
    /// <summary>The id of the last Ambient action applied to the workload.</summary>
    public const string ActionId = ActionMarkers.KubernetesAnnotation;

    /// <summary>Why, in the agent's words.</summary>
    public const string Reason = "ambient.io/reason";

    /// <summary>The replicas before the last scale, which its undo restores.</summary>
    public const string PreviousReplicas = "ambient.io/previous-replicas";

    /// <summary>The replicas the last scale set; a different spec.replicas means someone scaled the workload since.</summary>
    public const string Replicas = "ambient.io/replicas";

    /// <summary>The pod template annotation <c>kubectl rollout restart</c> sets; changing it rolls every pod.</summary>
    public const string RestartedAt = "kubectl.kubernetes.io/restartedAt";
}

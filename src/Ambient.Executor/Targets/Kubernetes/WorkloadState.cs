namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>What the target needs of a workload as the API server answered a read or a patch.</summary>
/// <param name="ResourceVersion">The object's version: the external id of an applied action, and a patch's precondition.</param>
/// <param name="Replicas">spec.replicas; null for a DaemonSet.</param>
/// <param name="Annotations">metadata.annotations, when it has any.</param>
internal sealed record WorkloadState(string ResourceVersion, int? Replicas, IDictionary<string, string>? Annotations)
{
    public string? Annotation(string key) => Annotations is not null && Annotations.TryGetValue(key, out var value) ? value : null;

    /// <summary>The last Ambient action applied to it, from its marker annotation.</summary>
    public string? LastActionId => Annotation(WorkloadAnnotations.ActionId);
}

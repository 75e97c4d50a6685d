namespace Ambient.Executor.Targets.Kubernetes;

/// <summary>One apps/v1 workload, its names already checked so they can only name an object, never change a path.</summary>
internal sealed record WorkloadReference(string Namespace, WorkloadKind Kind, string Name)
{
    /// <summary>The REST resource, e.g. <c>deployments</c>, as RBAC rules and URLs name it.</summary>
    public string Resource => Kind switch
    {
        WorkloadKind.Deployment => "deployments",
        WorkloadKind.StatefulSet => "statefulsets",
        WorkloadKind.DaemonSet => "daemonsets",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "Not a workload kind."),
    };

    /// <summary>For Describe: <c>apps/v1 deployments shop/web</c>.</summary>
    public string ApiPath => $"apps/v1 {Resource} {Namespace}/{Name}";

    /// <summary>For people: <c>Deployment shop/web</c>.</summary>
    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}

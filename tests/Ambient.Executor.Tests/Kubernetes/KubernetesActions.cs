using System.Text.Json;
using Ambient.Abstractions.Actions;

namespace Ambient.Executor.Tests.Kubernetes;

/// <summary>Action records as the kubernetes proposing tools and a rollback's compensation write them.</summary>
internal static class KubernetesActions
{
    public static ActionRecord Restart(string id, string kind = "Deployment", string name = "web", string namespaceName = Workloads.Namespace) =>
        Create(id, "restart_workload", new { @namespace = namespaceName, kind, name, reason = "pods stuck after a config change" });

    public static ActionRecord Scale(string id, int replicas, string kind = "Deployment", string name = "web") =>
        Create(id, "scale_workload", new { @namespace = Workloads.Namespace, kind, name, replicas, reason = "queue backlog" });

    public static ActionRecord UndoScale(string id, string undoneId, string kind = "Deployment", string name = "web") =>
        Create(id, "undo_scale", new { @namespace = Workloads.Namespace, kind, name, actionId = undoneId });

    public static ActionRecord Create(string id, string operation, object arguments) => new(
        id, id.Split('/')[0], "remediator", ActionTargets.Kubernetes, operation, JsonSerializer.SerializeToElement(arguments),
        "The pods are stuck.", "evt-1", "io.ambient.alert.fired", new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
}

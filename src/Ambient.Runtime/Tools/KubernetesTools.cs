using System.Text.Json.Nodes;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Tools;
using static Ambient.Abstractions.Tools.ToolParameter;

namespace Ambient.Runtime.Tools;

/// <summary>The <c>kubernetes</c> effect tools: remediations, proposed (nothing is changed in the cluster here).</summary>
internal static class KubernetesTools
{
    public static IReadOnlyList<IAmbientTool> All { get; } =
    [
        ProposingTool.Create("kubernetes.restart_workload", "Propose a rolling restart of a Deployment, StatefulSet or DaemonSet.", ActionTargets.Kubernetes,
            [OfString("namespace", "namespace"), OfString("kind", "Deployment, StatefulSet or DaemonSet"), OfString("name", "name of the workload"), OfString("reason", "why")],
            a => (new JsonObject { ["namespace"] = a.GetString("namespace"), ["kind"] = a.GetString("kind"), ["name"] = a.GetString("name"), ["reason"] = a.GetString("reason") },
                $"restart {a.GetString("kind")} {a.GetString("namespace")}/{a.GetString("name")}")),
        ProposingTool.Create("kubernetes.scale_workload", "Propose scaling a Deployment or StatefulSet.", ActionTargets.Kubernetes,
            [OfString("namespace", "namespace"), OfString("kind", "Deployment or StatefulSet"), OfString("name", "name of the workload"),
                OfInteger("replicas", "desired replicas"), OfString("reason", "why")],
            a => (new JsonObject
            {
                ["namespace"] = a.GetString("namespace"),
                ["kind"] = a.GetString("kind"),
                ["name"] = a.GetString("name"),
                ["replicas"] = a.GetInt64("replicas"),
                ["reason"] = a.GetString("reason"),
            }, $"scale {a.GetString("kind")} {a.GetString("namespace")}/{a.GetString("name")} to {a.GetInt64("replicas")}")),
    ];
}

using System.Text.Json.Nodes;

namespace Ambient.Tools.Kubernetes;

/// <summary>A Node's conditions (Ready, MemoryPressure, ...), taints, schedulability, capacity and kubelet version.</summary>
internal static class NodeStatusSummary
{
    public static JsonObject Of(JsonObject node)
    {
        var status = node["status"];
        return new JsonObject
        {
            ["unschedulable"] = node["spec"]?["unschedulable"]?.DeepClone() ?? false,
            ["taints"] = new JsonArray([.. (node["spec"]?["taints"] as JsonArray ?? []).Select(taint => KubernetesJsonPick.Fields(taint, "key", "value", "effect"))]),
            ["conditions"] = KubernetesJsonPick.Conditions(status?["conditions"]),
            ["allocatable"] = KubernetesJsonPick.Fields(status?["allocatable"], "cpu", "memory", "pods"),
            ["kubeletVersion"] = status?["nodeInfo"]?["kubeletVersion"]?.DeepClone(),
        };
    }
}

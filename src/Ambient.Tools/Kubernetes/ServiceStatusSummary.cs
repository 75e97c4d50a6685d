using System.Text.Json.Nodes;

namespace Ambient.Tools.Kubernetes;

/// <summary>A Service's type, addresses, ports and the pod selector it routes to.</summary>
internal static class ServiceStatusSummary
{
    public static JsonObject Of(JsonObject service)
    {
        var spec = service["spec"];
        var summary = KubernetesJsonPick.Fields(spec, "type", "clusterIP", "externalIPs", "selector");
        summary["ports"] = new JsonArray([.. (spec?["ports"] as JsonArray ?? []).Select(port => KubernetesJsonPick.Fields(port, "name", "protocol", "port", "targetPort", "nodePort"))]);
        summary["loadBalancer"] = service["status"]?["loadBalancer"]?.DeepClone();
        return summary;
    }
}

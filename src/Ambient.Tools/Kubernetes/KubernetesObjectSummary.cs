using System.Text.Json.Nodes;

namespace Ambient.Tools.Kubernetes;

/// <summary>
/// What <c>kubernetes.get</c> returns about an object: identity, labels, owners and a short status summary of its
/// kind. Annotations, managedFields and the spec are left out: they are long, rarely the answer, and may carry
/// configuration (last-applied) the model has no need to see.
/// </summary>
internal static class KubernetesObjectSummary
{
    public static JsonObject Of(KubernetesObjectKind kind, JsonObject item)
    {
        var metadata = item["metadata"];
        return new JsonObject
        {
            ["kind"] = kind.ToString(),
            ["name"] = metadata?["name"]?.DeepClone(),
            ["namespace"] = metadata?["namespace"]?.DeepClone(),
            ["labels"] = metadata?["labels"]?.DeepClone() ?? new JsonObject(),
            ["ownerReferences"] = new JsonArray([.. (metadata?["ownerReferences"] as JsonArray ?? []).Select(owner => KubernetesJsonPick.Fields(owner, "kind", "name", "controller"))]),
            ["createdAt"] = metadata?["creationTimestamp"]?.DeepClone(),
            ["deleting"] = metadata?["deletionTimestamp"] is not null,
            ["status"] = kind switch
            {
                KubernetesObjectKind.Pod => PodStatusSummary.Of(item),
                KubernetesObjectKind.Service => ServiceStatusSummary.Of(item),
                KubernetesObjectKind.Node => NodeStatusSummary.Of(item),
                _ => WorkloadStatusSummary.Of(kind, item),
            },
        };
    }
}

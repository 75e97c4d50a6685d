using System.Text.Json.Nodes;

namespace Ambient.Kubernetes.Resources;

/// <summary>At most one of the agent's workers down at a time for a voluntary disruption (a node drain).</summary>
internal static class WorkerDisruptionBudget
{
    public static JsonObject Build(WorkerPlan plan) => new()
    {
        ["apiVersion"] = "policy/v1",
        ["kind"] = "PodDisruptionBudget",
        ["metadata"] = plan.Metadata(plan.WorkerName),
        ["spec"] = new JsonObject
        {
            ["maxUnavailable"] = 1,
            ["selector"] = new JsonObject { ["matchLabels"] = plan.SelectorLabels },
        },
    };
}

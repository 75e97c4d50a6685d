using System.Text.Json.Nodes;

namespace Ambient.Kubernetes.Resources;

/// <summary>The ConfigMap holding the agent's file, mounted where the worker reads its agents.</summary>
internal static class WorkerConfigMap
{
    public static JsonObject Build(WorkerPlan plan) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = plan.Metadata(plan.ConfigMapName),
        ["data"] = new JsonObject { [$"{plan.Agent.Name}.yaml"] = plan.Input.AgentFile },
    };
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Runtime.Agents;

namespace Ambient.Kubernetes.Input;

/// <summary>The deployment fields of an Agent's spec, with the same rules as the CRD's schema and CEL validations.</summary>
internal static class DeploymentFieldsReader
{
    public static AgentDeployment Read(JsonObject spec, Func<string, AgentDefinitionException> error)
    {
        var deployment = new AgentDeployment();
        if (spec["replicas"] is { } replicas)
        {
            var range = Object(replicas, "spec.replicas", error);
            AgentSpecReader.Only(range, "spec.replicas.", error, "min", "max");
            var min = Integer(range, "min", "spec.replicas", 0, error) ?? 0;
            var max = Integer(range, "max", "spec.replicas", 1, error) ?? throw error("spec.replicas.max is required");
            if (min > max)
            {
                throw error($"spec.replicas: min ({min}) must not be greater than max ({max})");
            }

            deployment = deployment with { Replicas = new ReplicaRange((int)min, (int)max) };
        }

        if (spec["scaling"] is { } scalingNode)
        {
            var scaling = Object(scalingNode, "spec.scaling", error);
            AgentSpecReader.Only(scaling, "spec.scaling.", error, "lagThreshold", "activationLagThreshold", "cooldownPeriod");
            deployment = deployment with
            {
                LagThreshold = Integer(scaling, "lagThreshold", "spec.scaling", 1, error),
                ActivationLagThreshold = Integer(scaling, "activationLagThreshold", "spec.scaling", 0, error) ?? deployment.ActivationLagThreshold,
                CooldownPeriod = Integer(scaling, "cooldownPeriod", "spec.scaling", 0, error) ?? deployment.CooldownPeriod,
            };
        }

        if (spec["resources"] is { } resourcesNode)
        {
            var resources = Object(resourcesNode, "spec.resources", error);
            AgentSpecReader.Only(resources, "spec.resources.", error, "requests", "limits");
            foreach (var (kind, quantities) in resources)
            {
                foreach (var (resource, quantity) in Object(quantities!, $"spec.resources.{kind}", error))
                {
                    if (quantity?.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
                    {
                        throw error($"spec.resources.{kind}.{resource} must be a quantity such as 500m or 256Mi");
                    }
                }
            }

            deployment = deployment with { Resources = (JsonObject)resources.DeepClone() };
        }

        if (spec["image"] is { } image)
        {
            deployment = deployment with { Image = image.GetValueKind() == JsonValueKind.String && image.ToString().Length > 0 ? image.ToString() : throw error("spec.image must be a non-empty image reference") };
        }

        if (spec["paused"] is { } paused)
        {
            deployment = deployment with { Paused = paused.GetValueKind() switch { JsonValueKind.True => true, JsonValueKind.False => false, _ => throw error("spec.paused must be true or false") } };
        }

        return deployment;
    }

    private static JsonObject Object(JsonNode node, string path, Func<string, AgentDefinitionException> error) =>
        node as JsonObject ?? throw error($"{path} must be a mapping");

    private static long? Integer(JsonObject section, string field, string path, long minimum, Func<string, AgentDefinitionException> error)
    {
        if (section[field] is not { } node)
        {
            return null;
        }

        return node is JsonValue value && value.TryGetValue<long>(out var number) && number >= minimum && number <= int.MaxValue
            ? number
            : throw error($"{path}.{field} must be an integer of at least {minimum}, got {node.ToJsonString()}");
    }
}

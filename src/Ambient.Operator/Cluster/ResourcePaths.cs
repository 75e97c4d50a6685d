using System.Text.Json.Nodes;
using Ambient.Kubernetes.Input;

namespace Ambient.Operator.Cluster;

/// <summary>Where each kind the operator writes lives in the API: its group, version and plural.</summary>
internal static class ResourcePaths
{
    private static readonly Dictionary<string, string> s_plurals = new(StringComparer.Ordinal)
    {
        ["ConfigMap"] = "configmaps",
        ["Deployment"] = "deployments",
        ["ScaledObject"] = "scaledobjects",
        ["TriggerAuthentication"] = "triggerauthentications",
        ["KafkaUser"] = "kafkausers",
        ["KafkaTopic"] = "kafkatopics",
        ["NetworkPolicy"] = "networkpolicies",
        ["PodDisruptionBudget"] = "poddisruptionbudgets",
        ["Agent"] = "agents",
        ["Event"] = "events",
    };

    /// <summary>The collection of <paramref name="apiVersion"/>'s <paramref name="kind"/> in <paramref name="namespaceName"/>.</summary>
    public static string Collection(string apiVersion, string kind, string namespaceName) =>
        $"{(apiVersion.Contains('/', StringComparison.Ordinal) ? "/apis" : "/api")}/{apiVersion}/namespaces/{namespaceName}/{Plural(kind)}";

    /// <summary>The path of <paramref name="item"/>, in <paramref name="namespaceName"/>.</summary>
    public static string Of(JsonObject item, string namespaceName) =>
        $"{Collection(item["apiVersion"]!.ToString(), item["kind"]!.ToString(), namespaceName)}/{item["metadata"]!["name"]}";

    /// <summary>The Agents' collection in <paramref name="namespaceName"/>.</summary>
    public static string Agents(string namespaceName) => Collection(AgentResource.ApiVersion, AgentResource.Kind, namespaceName);

    private static string Plural(string kind) =>
        s_plurals.TryGetValue(kind, out var plural) ? plural : throw new InvalidOperationException($"the operator does not write {kind}s");
}

using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.OpenApi;
using Ambient.Deployment.Tests.Yaml;

namespace Ambient.Deployment.Tests.Agents;

/// <summary>The Agent CRD's schema, and the shipped Agent resources (k8s/agents/NAME.yaml, one per sample agent).</summary>
internal static class AgentResources
{
    public const string ApiVersion = "ambient.io/v1alpha1";

    public static string CrdPath => RepositoryFiles.PathOf("k8s", "crds", "agent.yaml");

    public static JsonObject Schema => CrdSchemas.Load(Path.GetDirectoryName(CrdPath)!).For(ApiVersion, "Agent")
        ?? throw new InvalidOperationException("k8s/crds serves no ambient.io/v1alpha1 Agent");

    /// <summary>The shipped Agents' files, in name order.</summary>
    public static string[] ShippedFiles => [.. Directory.GetFiles(RepositoryFiles.PathOf("k8s", "agents"), "*.yaml").Order(StringComparer.Ordinal)];

    /// <summary>The shipped Agents' names, in order.</summary>
    public static string[] ShippedNames => [.. ShippedFiles.Select(Path.GetFileNameWithoutExtension).OfType<string>()];

    /// <summary>k8s/agents/NAME.yaml as the API server reads it.</summary>
    public static JsonObject Shipped(string name) => YamlDocuments.Load(RepositoryFiles.PathOf("k8s", "agents", $"{name}.yaml")).Single()!.AsObject();
}

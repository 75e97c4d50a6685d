using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.OpenApi;
using Ambient.Deployment.Tests.Yaml;

namespace Ambient.Deployment.Tests.Agents;

/// <summary>The Agent CRD's schema, and the sample agent files as Agent resources with the replicas their hand-written workers have.</summary>
internal static class AgentResources
{
    public const string ApiVersion = "ambient.io/v1alpha1";

    /// <summary>The replicas of k8s/worker-*.yaml: issues wait for a cold start, incidents and people do not; the digest's are derived (1, 1).</summary>
    public static readonly Dictionary<string, (int Min, int Max)?> HandWrittenReplicas = new()
    {
        ["github-triage"] = (0, 6),
        ["incident-responder"] = (1, 6),
        ["slack-helper"] = (1, 6),
        ["weekly-digest"] = null,
    };

    public static string CrdPath => RepositoryFiles.PathOf("k8s", "crds", "agent.yaml");

    public static JsonObject Schema => CrdSchemas.Load(Path.GetDirectoryName(CrdPath)!).For(ApiVersion, "Agent")
        ?? throw new InvalidOperationException("k8s/crds serves no ambient.io/v1alpha1 Agent");

    /// <summary>agents/NAME.yaml as an Agent: its fields under spec, its name as metadata.name, and the hand-written replicas.</summary>
    public static JsonObject FromSample(string name)
    {
        var spec = YamlDocuments.Load(RepositoryFiles.PathOf("agents", $"{name}.yaml")).Single()!.AsObject();
        spec.Remove("name");
        if (HandWrittenReplicas[name] is { } replicas)
        {
            spec["replicas"] = new JsonObject { ["min"] = (long)replicas.Min, ["max"] = (long)replicas.Max };
        }

        return new JsonObject
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = "Agent",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ambient" },
            ["spec"] = spec,
        };
    }
}

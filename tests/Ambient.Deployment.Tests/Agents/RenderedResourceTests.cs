using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.Manifests;
using Ambient.Deployment.Tests.OpenApi;
using k8s;
using k8s.Models;

namespace Ambient.Deployment.Tests.Agents;

/// <summary>
/// What `ambient operator render` prints for the sample agents is valid for Strimzi, KEDA and Kubernetes, and says what
/// the hand-written k8s/worker-*.yaml, strimzi/common/users.yaml and topics.yaml say.
/// </summary>
public sealed class RenderedResourceTests
{
    private static readonly string[] s_kindsPerAgent =
        ["ConfigMap", "Deployment", "ScaledObject", "TriggerAuthentication", "KafkaUser", "KafkaTopic", "NetworkPolicy", "PodDisruptionBudget"];

    [Fact]
    public async Task Render_SampleAgentFiles_ValidAgainstStrimziKedaAndKubernetesSchemas()
    {
        var crds = CrdSchemas.Load(RepositoryFiles.RequireSharedSpecs("strimzi"), RepositoryFiles.RequireSharedSpecs("keda"));

        var (exit, resources, output) = await AgentRender.RunAsync(RepositoryFiles.PathOf("agents"));

        Assert.True(exit == 0, output);
        Assert.Equal(AgentResources.HandWrittenReplicas.Keys.SelectMany(_ => s_kindsPerAgent), resources.Select(r => r["kind"]!.GetValue<string>()));
        var failures = resources.SelectMany(Problems(crds)).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.All(resources, r => Assert.Equal("Agent", r["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Render_SampleAgentFiles_KafkaUserAclsAreTheHandWrittenOnes()
    {
        var (exit, resources, output) = await AgentRender.RunAsync(RepositoryFiles.PathOf("agents"));

        Assert.True(exit == 0, output);
        foreach (var user in resources.Where(r => r["kind"]!.GetValue<string>() == "KafkaUser"))
        {
            var name = user["metadata"]!["name"]!.GetValue<string>();
            // As sets: users.yaml lists ambient.dlq twice for github-triage, to the same effect.
            Assert.Equal(Acls(ManifestSet.Single("KafkaUser", name).Body), Acls(user));
            Assert.Equal("ambient", user["metadata"]!["labels"]!["strimzi.io/cluster"]!.GetValue<string>());
        }
    }

    /// <summary>
    /// Rendered from Agents with the hand-written replicas, each worker is k8s/worker-NAME.yaml but for what an operator
    /// adds: the agent's own ConfigMap (not the shared ambient-agents) and the agent file's version on the pod template.
    /// </summary>
    [Fact]
    public async Task Render_SampleAgents_ReproduceTheHandWrittenWorkersTopicsAndNetworkPolicy()
    {
        var (exit, resources, output) = await AgentRender.RunAsync(AgentRender.SampleAgentFiles());

        Assert.True(exit == 0, output);
        foreach (var agent in AgentResources.HandWrittenReplicas.Keys)
        {
            var worker = $"ambient-worker-{agent}";
            var deployment = AgentRender.Single(resources, "Deployment", worker)["spec"]!.DeepClone().AsObject();
            Assert.Equal($"ambient-agent-{agent}", deployment["template"]!["spec"]!["volumes"]![0]!["configMap"]!["name"]!.GetValue<string>());
            Assert.Matches("^[0-9a-f]{16}$", deployment["template"]!["metadata"]!["annotations"]!["ambient.io/agent-version"]!.GetValue<string>());
            deployment["template"]!["spec"]!["volumes"]![0]!["configMap"]!["name"] = "ambient-agents";
            deployment["template"]!["metadata"]!.AsObject().Remove("annotations");
            AssertSame(ManifestSet.Single("Deployment", worker).Spec, deployment);
            foreach (var (kind, name) in new[] { ("ScaledObject", worker), ("TriggerAuthentication", $"{worker}-kafka"), ("PodDisruptionBudget", worker), ("KafkaTopic", $"ambient.a2a.{agent}") })
            {
                AssertSame(ManifestSet.Single(kind, name).Spec, AgentRender.Single(resources, kind, name)["spec"]!);
            }

            var policy = AgentRender.Single(resources, "NetworkPolicy", worker)["spec"]!;
            AssertSame(ManifestSet.Single("NetworkPolicy", "ambient-worker").Spec["egress"]!, policy["egress"]!);
            Assert.Equal(agent, policy["podSelector"]!["matchLabels"]!["ambient.io/agent"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Render_SampleAgentFile_ItsConfigMapHoldsTheFileAsWritten()
    {
        var (exit, resources, output) = await AgentRender.RunAsync(RepositoryFiles.PathOf("agents", "incident-responder.yaml"));

        Assert.True(exit == 0, output);
        var data = AgentRender.Single(resources, "ConfigMap", "ambient-agent-incident-responder")["data"]!.AsObject();
        Assert.Equal(ManifestSet.Single("ConfigMap", "ambient-agents").Body["data"]!["incident-responder.yaml"]!.GetValue<string>(),
            Assert.Single(data).Value!.GetValue<string>());
    }

    private static void AssertSame(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected\n{expected.ToJsonString()}\nrendered\n{actual.ToJsonString()}");

    private static Func<JsonObject, IEnumerable<string>> Problems(CrdSchemas crds) => resource =>
    {
        var (apiVersion, kind, name) = (resource["apiVersion"]!.GetValue<string>(), resource["kind"]!.GetValue<string>(), resource["metadata"]!["name"]!.GetValue<string>());
        if (crds.For(apiVersion, kind) is { } schema)
        {
            return new OpenApiV3Validator().Validate(resource, schema).Select(e => $"{kind}/{name}: {e}");
        }

        // No Kubernetes OpenAPI document in shared/specs: KubernetesClient's models (generated from it) read strictly instead.
        var json = resource.ToJsonString();
        try
        {
            object? read = kind switch
            {
                "ConfigMap" => KubernetesYaml.Deserialize<V1ConfigMap>(json, strict: true),
                "Deployment" => KubernetesYaml.Deserialize<V1Deployment>(json, strict: true),
                "NetworkPolicy" => KubernetesYaml.Deserialize<V1NetworkPolicy>(json, strict: true),
                "PodDisruptionBudget" => KubernetesYaml.Deserialize<V1PodDisruptionBudget>(json, strict: true),
                _ => null,
            };
            return read is null ? [$"{kind}/{name}: no schema to check it against"] : [];
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException)
        {
            return [$"{kind}/{name}: {ex.Message}"];
        }
    };

    private static SortedSet<string> Acls(JsonObject user) => new(
        user["spec"]!["authorization"]!["acls"]!.AsArray().OfType<JsonObject>().SelectMany(acl => acl["operations"]!.AsArray().Select(op =>
            $"{acl["resource"]!["type"]}:{acl["resource"]!["patternType"]}:{acl["resource"]!["name"]}:{op}")), StringComparer.Ordinal);
}

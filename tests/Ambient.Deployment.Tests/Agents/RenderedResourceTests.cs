using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.OpenApi;
using k8s;
using k8s.Models;

namespace Ambient.Deployment.Tests.Agents;

/// <summary>
/// What `ambient operator render` prints for the shipped Agents (k8s/agents) is valid for Strimzi, KEDA and Kubernetes,
/// and deploys each agent as its Agent says. The rendered resources of k8s/agents also join every manifest test
/// (Manifests/RenderedAgents): locked-down pods, configuration keys, scaler triggers, budgets, and the secure cluster.
/// </summary>
public sealed class RenderedResourceTests
{
    private static readonly string[] s_kindsPerAgent =
        ["ConfigMap", "Deployment", "ScaledObject", "TriggerAuthentication", "KafkaUser", "KafkaTopic", "NetworkPolicy", "PodDisruptionBudget"];

    [Fact]
    public async Task Render_ShippedAgents_ValidAgainstStrimziKedaAndKubernetesSchemas()
    {
        var crds = CrdSchemas.Load(RepositoryFiles.RequireSharedSpecs("strimzi"), RepositoryFiles.RequireSharedSpecs("keda"));

        var (exit, resources, output) = await AgentRender.RunAsync(RepositoryFiles.PathOf("k8s", "agents"));

        Assert.True(exit == 0, output);
        Assert.Equal(AgentResources.ShippedNames.SelectMany(_ => s_kindsPerAgent), resources.Select(r => r["kind"]!.GetValue<string>()));
        var failures = resources.SelectMany(Problems(crds)).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.All(resources, r => Assert.Equal("Agent", r["metadata"]!["ownerReferences"]![0]!["kind"]!.GetValue<string>()));
        Assert.All(resources, r => Assert.Equal("ambient", r["metadata"]!["namespace"]!.GetValue<string>()));
    }

    /// <summary>The Agent's deployment fields reach the scaler and the pod; the agent file reaches the worker through its own ConfigMap.</summary>
    [Fact]
    public async Task Render_ShippedAgents_DeployEachAsItsAgentSays()
    {
        var (exit, resources, output) = await AgentRender.RunAsync(AgentResources.ShippedFiles);

        Assert.True(exit == 0, output);
        foreach (var name in AgentResources.ShippedNames)
        {
            var (spec, agent) = (AgentResources.Shipped(name)["spec"]!, AgentFiles.Named(name));
            var worker = $"ambient-worker-{name}";
            var scaled = AgentRender.Single(resources, "ScaledObject", worker)["spec"]!;
            var pod = AgentRender.Single(resources, "Deployment", worker)["spec"]!["template"]!["spec"]!;
            var file = Assert.Single(AgentRender.Single(resources, "ConfigMap", $"ambient-agent-{name}")["data"]!.AsObject());

            Assert.Equal((spec["replicas"]!["min"]!.GetValue<long>(), spec["replicas"]!["max"]!.GetValue<long>()),
                (scaled["minReplicaCount"]!.GetValue<long>(), scaled["maxReplicaCount"]!.GetValue<long>()));
            Assert.Equal(spec["scaling"]!["cooldownPeriod"]!.GetValue<long>(), scaled["cooldownPeriod"]!.GetValue<long>());
            Assert.All(scaled["triggers"]!.AsArray(), t => Assert.Equal($"{agent.Limits.MaxConcurrentRuns * 5}", t!["metadata"]!["lagThreshold"]!.GetValue<string>()));
            Assert.True(JsonNode.DeepEquals(spec["resources"], pod["containers"]![0]!["resources"]), $"{name}: {pod["containers"]![0]!["resources"]!.ToJsonString()}");
            Assert.Equal($"ambient-agent-{name}", pod["volumes"]![0]!["configMap"]!["name"]!.GetValue<string>());
            Assert.Equal(($"{name}.yaml", agent.SystemPrompt), (file.Key, AgentFiles.Read(name, file.Value!.GetValue<string>()).SystemPrompt));
        }
    }

    /// <summary>
    /// Each worker's KafkaUser reads only its own subscriptions, inbox and groups. Whether the ACLs are enough and no more
    /// is proven by running every worker as its rendered user against a broker enforcing them (Secure/LeastPrivilegeTests).
    /// </summary>
    [Fact]
    public async Task Render_ShippedAgents_EachKafkaUserReadsOnlyItsOwnTopicsAndGroups()
    {
        var (exit, resources, output) = await AgentRender.RunAsync(AgentResources.ShippedFiles);

        Assert.True(exit == 0, output);
        foreach (var name in AgentResources.ShippedNames)
        {
            var acls = Acls(AgentRender.Single(resources, "KafkaUser", $"ambient-worker-{name}"));
            var others = AgentResources.ShippedNames.Where(n => n != name).ToList();

            Assert.All(AgentFiles.Named(name).Subscriptions, s => Assert.Contains($"topic:literal:{s.Topic}:Read", acls));
            Assert.Contains($"topic:literal:ambient.a2a.{name}:Read", acls);
            Assert.Contains($"group:literal:ambient-agent-{name}:Read", acls);
            Assert.DoesNotContain(acls, a => others.Any(o => a.Contains($"-{o}:", StringComparison.Ordinal) || a.Contains($".{o}:", StringComparison.Ordinal)));
            Assert.DoesNotContain(acls, a => a.EndsWith(":All", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Render_PlainAgentFile_ItsConfigMapHoldsTheFileAsWritten()
    {
        var path = RepositoryFiles.PathOf("agents", "incident-responder.yaml");

        var (exit, resources, output) = await AgentRender.RunAsync(path);

        Assert.True(exit == 0, output);
        var data = AgentRender.Single(resources, "ConfigMap", "ambient-agent-incident-responder")["data"]!.AsObject();
        Assert.Equal(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken), Assert.Single(data).Value!.GetValue<string>());
    }

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

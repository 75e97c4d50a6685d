using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.OpenApi;
using Ambient.Deployment.Tests.Yaml;
using Ambient.Kubernetes;
using Ambient.Kubernetes.Input;
using Ambient.Runtime.Agents;
using k8s;
using k8s.Models;

namespace Ambient.Deployment.Tests.Agents;

/// <summary>
/// k8s/crds/agent.yaml is a CustomResourceDefinition the API server accepts, the shipped Agents (k8s/agents) are valid under it,
/// and what it refuses it names; CEL rules, which the validator does not evaluate, are enforced again by the renderer.
/// </summary>
public sealed class AgentCrdTests
{
    [Fact]
    public void Crd_IsAnApiExtensionsV1CrdWithAStructuralSchema()
    {
        var text = File.ReadAllText(AgentResources.CrdPath);
        var json = YamlDocuments.Load(AgentResources.CrdPath).Single()!.ToJsonString();

        // KubernetesClient's models are generated from the API server's OpenAPI document; strict refuses any unknown field.
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(json, strict: true);

        Assert.Contains("apiVersion: apiextensions.k8s.io/v1", text, StringComparison.Ordinal);
        Assert.Equal(($"{crd.Spec.Names.Plural}.{crd.Spec.Group}", "Namespaced", "Agent"), (crd.Metadata.Name, crd.Spec.Scope, crd.Spec.Names.Kind));
        Assert.Equal(["ag"], crd.Spec.Names.ShortNames);
        var version = Assert.Single(crd.Spec.Versions);
        Assert.True(version.Served && version.Storage);
        Assert.NotNull(version.Subresources.Status);
        Assert.Equal(["Model", "Replicas", "Ready", "Lag", "Last Run", "Outcome", "Age"], version.AdditionalPrinterColumns.Select(c => c.Name));
        Assert.Empty(Unstructured(AgentResources.Schema, "$"));
    }

    [Theory]
    [InlineData("github-triage")]
    [InlineData("incident-responder")]
    [InlineData("slack-helper")]
    [InlineData("weekly-digest")]
    public void ShippedAgent_ValidatesAgainstTheSchema(string name)
    {
        var errors = new OpenApiV3Validator().Validate(AgentResources.Shipped(name), AgentResources.Schema);

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    public static TheoryData<string, string> Breakages => new()
    {
        { "spec.modle=offline", "$.spec.modle: unknown field" },
        { "spec.owner=-", "$.spec: missing required field \"owner\"" },
        { "spec.subscriptions=[]", "$.spec.subscriptions: has 0 items, fewer than minItems 1" },
        { "spec.tools=[\"github-comment\"]", "$.spec.tools[0]: \"github-comment\" does not match pattern" },
        { "spec.limits={\"timeoutSeconds\": 0}", "$.spec.limits.timeoutSeconds: 0 is below the minimum 1" },
        { "spec.replicas={\"min\": -1, \"max\": 2}", "$.spec.replicas.min: -1 is below the minimum 0" },
        { "spec.scaling={\"lagThreshold\": \"20\"}", "$.spec.scaling.lagThreshold: must be integer, not string" },
        { "spec.model={\"provider\": \"gpt\"}", "$.spec.model.provider: \"gpt\" is not one of" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void BrokenAgent_IsRefusedByTheSchema(string change, string expected)
    {
        var agent = AgentResources.Shipped("github-triage");
        var (path, value) = (change[..change.IndexOf('=', StringComparison.Ordinal)].Split('.'), change[(change.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var parent = path[..^1].Aggregate((JsonNode)agent, (node, segment) => node[segment]!).AsObject();
        if (value == "-")
        {
            parent.Remove(path[^1]);
        }
        else
        {
            parent[path[^1]] = JsonNode.Parse(value.StartsWith('{') || value.StartsWith('[') || value.StartsWith('"') ? value : $"\"{value}\"");
        }

        var errors = new OpenApiV3Validator().Validate(agent, AgentResources.Schema);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    /// <summary>min &gt; max is a CEL rule: the schema carries it for the API server, and the renderer refuses it naming the field.</summary>
    [Fact]
    public void MinAboveMax_IsACelRuleOfTheSchemaAndRefusedByTheRenderer()
    {
        var rules = AgentResources.Schema["properties"]!["spec"]!["properties"]!["replicas"]!["x-kubernetes-validations"]!.AsArray();
        var agent = AgentResources.Shipped("github-triage");
        agent["spec"]!["replicas"] = new JsonObject { ["min"] = 3L, ["max"] = 1L };

        var error = Assert.Throws<AgentDefinitionException>(() =>
            AgentInputReader.Read("github-triage.yaml", agent.ToJsonString()).Select(i => AgentRenderer.Render(i, new RenderSettings())).ToList());

        Assert.Contains(rules, r => r!["rule"]!.GetValue<string>() == "!has(self.min) || self.min <= self.max");
        Assert.Contains("spec.replicas: min (3) must not be greater than max (1)", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Structural schema (required by apiextensions.k8s.io/v1): every node says its type, unless it is int-or-string.</summary>
    private static IEnumerable<string> Unstructured(JsonObject schema, string path)
    {
        if (schema["type"] is null && schema["x-kubernetes-int-or-string"] is null)
        {
            yield return $"{path}: no type";
        }

        var children = (schema["properties"] as JsonObject ?? []).Select(p => (p.Value, $"{path}.{p.Key}"))
            .Append((schema["items"], $"{path}[]"))
            .Append((schema["additionalProperties"] as JsonObject, $"{path}.*"));
        foreach (var (child, childPath) in children)
        {
            if (child is JsonObject node)
            {
                foreach (var problem in Unstructured(node, childPath))
                {
                    yield return problem;
                }
            }
        }
    }
}

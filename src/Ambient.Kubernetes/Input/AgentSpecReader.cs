using System.Text.Json.Nodes;
using Ambient.Kubernetes.Yaml;
using Ambient.Runtime.Agents;
using YamlDotNet.RepresentationModel;

namespace Ambient.Kubernetes.Input;

/// <summary>One <c>Agent</c> resource: its name, its agent file (the spec without the deployment fields), and its deployment fields, checked as the CRD's schema checks them.</summary>
internal static class AgentSpecReader
{
    public static AgentInput Read(string file, YamlMappingNode document)
    {
        var resource = (JsonObject)YamlJson.ToJson(document)!;
        var source = $"{file} (Agent {resource["metadata"]?["name"]})";
        AgentDefinitionException Error(string message) => new($"{source}: {message}");

        if (resource["apiVersion"]?.ToString() != AgentResource.ApiVersion || resource["kind"]?.ToString() != AgentResource.Kind)
        {
            throw Error($"apiVersion and kind must be {AgentResource.ApiVersion} {AgentResource.Kind}, got {resource["apiVersion"]} {resource["kind"]}");
        }

        Only(resource, "", Error, "apiVersion", "kind", "metadata", "spec", "status");
        var name = (resource["metadata"]?["name"] as JsonValue)?.ToString() ?? throw Error("metadata.name is required");
        if (!document.Children.TryGetValue("spec", out var specNode) || specNode is not YamlMappingNode spec)
        {
            throw Error("spec is required: the agent file's fields, and replicas, scaling, resources, image, paused");
        }

        if (spec.Children.ContainsKey("name"))
        {
            throw Error("spec.name: unknown field (the agent's name is metadata.name)");
        }

        // The agent file, exactly as the spec writes it (quoting and all), named after the resource.
        var agentFile = new YamlMappingNode { { "name", name } };
        foreach (var (key, value) in spec.Children.Where(p => !AgentResource.DeploymentFields.Contains(((YamlScalarNode)p.Key).Value ?? string.Empty)))
        {
            agentFile.Add(key, value);
        }

        var deployment = DeploymentFieldsReader.Read((JsonObject)resource["spec"]!, Error);
        return new AgentInput(name, Text(agentFile), source, deployment)
        {
            Namespace = resource["metadata"]?["namespace"]?.ToString(),
            Uid = resource["metadata"]?["uid"]?.ToString(),
            IsAgentResource = true,
        };
    }

    public static void Only(JsonObject section, string path, Func<string, AgentDefinitionException> error, params string[] allowed)
    {
        if (section.Select(p => p.Key).FirstOrDefault(k => !allowed.Contains(k)) is { } unknown)
        {
            throw error($"{path}{unknown}: unknown field (allowed: {string.Join(", ", allowed)})");
        }
    }

    private static string Text(YamlMappingNode mapping)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(mapping)).Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // YamlDotNet ends the document with an explicit "..." marker, which an agent file does not need.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }
}

using System.Text.Json.Nodes;
using Ambient.Kubernetes.Input;
using Ambient.Kubernetes.Yaml;
using Ambient.Runtime.Agents;
using YamlDotNet.RepresentationModel;

namespace Ambient.Kubernetes;

/// <summary>
/// A plain agent file as an <c>Agent</c> resource: its name as <c>metadata.name</c>, every other field under <c>spec</c>
/// in the file's order, typed as the API server types them, so the Agent, once applied, means what the file means.
/// </summary>
public static class AgentFileConversion
{
    /// <param name="input">A plain agent file, as <see cref="AgentInputReader"/> read it.</param>
    /// <param name="ns">The Agent's namespace, or null to leave it to <c>kubectl apply -n</c> or kustomize.</param>
    /// <exception cref="AgentDefinitionException">The input is already an Agent resource, or the file is not a mapping.</exception>
    public static JsonObject ToAgent(AgentInput input, string? ns)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.IsAgentResource)
        {
            throw new AgentDefinitionException($"{input.Source}: already an Agent resource");
        }

        var stream = new YamlStream();
        stream.Load(new StringReader(input.AgentFile));
        var spec = YamlJson.ToJson(stream.Documents[0].RootNode) as JsonObject
            ?? throw new AgentDefinitionException($"{input.Source}: an agent file must be a YAML mapping");
        spec.Remove("name");

        var metadata = new JsonObject { ["name"] = input.Name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        return new JsonObject
        {
            ["apiVersion"] = AgentResource.ApiVersion,
            ["kind"] = AgentResource.Kind,
            ["metadata"] = metadata,
            ["spec"] = spec,
        };
    }
}

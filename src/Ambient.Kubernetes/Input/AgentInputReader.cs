using Ambient.Runtime.Agents;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ambient.Kubernetes.Input;

/// <summary>
/// Reads a file of <c>Agent</c> resources (one or more YAML documents) or one plain agent file, which is deployed with the
/// default deployment fields. The agent file itself is checked when it is rendered, by the worker's own reader.
/// </summary>
public static class AgentInputReader
{
    /// <exception cref="AgentDefinitionException">The file is not YAML, not an Agent or agent file, or a deployment field is wrong; the message names the field.</exception>
    public static IReadOnlyList<AgentInput> Read(string file, string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new AgentDefinitionException($"{file}:{ex.Start.Line}:{ex.Start.Column}: not valid YAML: {ex.Message}", ex);
        }

        var documents = stream.Documents.Select(d => d.RootNode as YamlMappingNode
            ?? throw new AgentDefinitionException($"{file}:{d.RootNode.Start.Line}: a document must be a YAML mapping (an Agent or an agent file)")).ToList();
        if (documents.Count == 0)
        {
            throw new AgentDefinitionException($"{file}: holds no Agent and no agent file");
        }

        if (documents.Count == 1 && !documents[0].Children.ContainsKey("kind"))
        {
            // A plain agent file: deployed as written, with the default deployment fields.
            var name = documents[0].Children.TryGetValue("name", out var node) && node is YamlScalarNode { Value: { } value } ? value : Path.GetFileNameWithoutExtension(file);
            return [new AgentInput(name, text, file, new AgentDeployment())];
        }

        return [.. documents.Select((document, index) => AgentSpecReader.Read(documents.Count == 1 ? file : $"{file} (document {index + 1})", document))];
    }
}

using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.Yaml;
using Ambient.Kubernetes;
using Ambient.Kubernetes.Input;
using Ambient.Kubernetes.Yaml;
using YamlDotNet.RepresentationModel;

namespace Ambient.Deployment.Tests.Manifests;

/// <summary>
/// What the operator makes of the Agents of k8s/: each rendered in-process by <see cref="AgentRenderer"/> from the Agent as
/// the API server hands it over (JSON), and read back from YAML as applied.
/// </summary>
internal static class RenderedAgents
{
    public static IEnumerable<Resource> Of(IReadOnlyList<Resource> agents)
    {
        var settings = new RenderSettings();
        foreach (var agent in agents)
        {
            var rendered = AgentInputReader.Read(agent.File, agent.Body.ToJsonString()).SelectMany(input => AgentRenderer.Render(input, settings));
            var stream = new YamlStream();
            stream.Load(new StringReader(YamlWriter.Write(rendered)));
            foreach (var (document, index) in stream.Documents.Select((d, i) => (d, i)))
            {
                yield return new Resource($"{agent.File} (rendered)", index, (JsonObject)YamlDocuments.ToJson(document.RootNode)!);
            }
        }
    }
}

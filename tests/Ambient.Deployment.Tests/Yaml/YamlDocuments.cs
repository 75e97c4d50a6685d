using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ambient.Deployment.Tests.Yaml;

/// <summary>
/// Reads (multi-document) YAML into JSON trees the way the Kubernetes API server sees it: plain scalars are typed
/// (null, booleans including YAML 1.1's yes/no/on/off as sigs.k8s.io/yaml does, integers, floats), quoted scalars
/// stay strings. So an unquoted <c>lagThreshold: 10</c> in a string map is an integer and fails validation, as in a cluster.
/// </summary>
internal static class YamlDocuments
{
    public static IReadOnlyList<JsonNode?> Load(string path)
    {
        using var reader = new StreamReader(path);
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"{path}: invalid YAML at line {ex.Start.Line}: {ex.Message}", ex);
        }

        return [.. stream.Documents.Select(d => ToJson(d.RootNode))];
    }

    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => Mapping(map),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Ambient.Kubernetes.Yaml.YamlJson.Scalar(scalar),
        _ => throw new InvalidDataException($"Unsupported YAML node at line {node.Start.Line}."),
    };

    /// <summary>A mapping, with YAML merge keys (<c>&lt;&lt;: *anchor</c>, as docker compose files use) applied: explicit keys win.</summary>
    private static JsonObject Mapping(YamlMappingNode map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? string.Empty;
            if (name != "<<")
            {
                result[name] = ToJson(value);
            }
        }

        var merged = map.Children.Where(p => ((YamlScalarNode)p.Key).Value == "<<").Select(p => p.Value)
            .SelectMany(v => v is YamlSequenceNode list ? list.Children : [v]);
        foreach (var source in merged)
        {
            foreach (var (name, value) in Mapping((YamlMappingNode)source).ToList())
            {
                if (!result.ContainsKey(name))
                {
                    result[name] = value?.DeepClone();
                }
            }
        }

        return result;
    }
}

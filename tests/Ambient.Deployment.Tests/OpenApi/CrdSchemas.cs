using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.Yaml;

namespace Ambient.Deployment.Tests.OpenApi;

/// <summary>The served versions' <c>openAPIV3Schema</c> of every CRD in a directory, by apiVersion and kind.</summary>
internal sealed class CrdSchemas
{
    private readonly Dictionary<(string ApiVersion, string Kind), JsonObject> _schemas = [];

    public IReadOnlyCollection<(string ApiVersion, string Kind)> Known => _schemas.Keys;

    public static CrdSchemas Load(params string[] directories)
    {
        var schemas = new CrdSchemas();
        foreach (var file in directories.SelectMany(d => Directory.EnumerateFiles(d, "*.yaml")))
        {
            foreach (var crd in YamlDocuments.Load(file).OfType<JsonObject>().Where(d => d["kind"]?.GetValue<string>() == "CustomResourceDefinition"))
            {
                var group = crd["spec"]!["group"]!.GetValue<string>();
                var kind = crd["spec"]!["names"]!["kind"]!.GetValue<string>();
                foreach (var version in crd["spec"]!["versions"]!.AsArray().OfType<JsonObject>().Where(v => v["served"]?.GetValue<bool>() == true))
                {
                    schemas._schemas[($"{group}/{version["name"]!.GetValue<string>()}", kind)] = version["schema"]!["openAPIV3Schema"]!.AsObject();
                }
            }
        }

        return schemas;
    }

    public JsonObject? For(string apiVersion, string kind) => _schemas.GetValueOrDefault((apiVersion, kind));
}

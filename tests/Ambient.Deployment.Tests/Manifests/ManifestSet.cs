using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.Yaml;
using Ambient.Kubernetes.Input;

namespace Ambient.Deployment.Tests.Manifests;

/// <summary>
/// Every resource under <c>strimzi/</c> and <c>k8s/</c> (kustomization files aside), and what the operator renders for
/// each Agent among them (<see cref="RenderedAgents"/>), read once per test run.
/// </summary>
internal static class ManifestSet
{
    private static readonly Lazy<IReadOnlyList<Resource>> s_all = new(Load);

    public static IReadOnlyList<Resource> All => s_all.Value;

    public static IEnumerable<Resource> OfKind(string kind) => All.Where(r => r.Kind == kind);

    public static Resource Single(string kind, string name) =>
        All.SingleOrDefault(r => r.Kind == kind && r.Name == name) ?? throw new InvalidOperationException($"No {kind}/{name} in strimzi/ or k8s/.");

    /// <summary>The containers of a Deployment's pod template.</summary>
    public static IEnumerable<JsonObject> Containers(Resource deployment) =>
        deployment.Spec["template"]!["spec"]!["containers"]!.AsArray().OfType<JsonObject>();

    /// <summary>A container's literal env values by name (valueFrom entries map to null).</summary>
    public static Dictionary<string, string?> Env(JsonObject container) =>
        (container["env"] as JsonArray ?? []).OfType<JsonObject>()
            .ToDictionary(e => e["name"]!.GetValue<string>(), e => e["value"]?.ToString());

    public static string RelativePath(string file) => Path.GetRelativePath(RepositoryFiles.Root, file);

    private static List<Resource> Load()
    {
        var written = new[] { "strimzi", "k8s" }
            .SelectMany(dir => Directory.EnumerateFiles(RepositoryFiles.PathOf(dir), "*.yaml", SearchOption.AllDirectories))
            .Where(file => Path.GetFileName(file) != "kustomization.yaml")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => YamlDocuments.Load(file)
                .Select((doc, index) => (doc, index))
                .Where(d => d.doc is JsonObject)
                .Select(d => new Resource(RelativePath(file), d.index, (JsonObject)d.doc!)))
            .ToList();
        return [.. written, .. RenderedAgents.Of([.. written.Where(r => r.Kind == AgentResource.Kind)])];
    }
}

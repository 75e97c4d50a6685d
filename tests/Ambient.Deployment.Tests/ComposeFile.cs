using System.Text.Json.Nodes;
using Ambient.Deployment.Tests.Yaml;

namespace Ambient.Deployment.Tests;

/// <summary>docker-compose.yml as docker compose reads it (merge keys applied), with helpers for its services.</summary>
internal static class ComposeFile
{
    private static readonly Lazy<JsonObject> s_root = new(() => (JsonObject)YamlDocuments.Load(RepositoryFiles.PathOf("docker-compose.yml")).Single()!);

    public static JsonObject Root => s_root.Value;

    public static JsonObject Services => Root["services"]!.AsObject();

    public static JsonObject Service(string name) => Services[name]!.AsObject();

    public static IEnumerable<string> Profiles(JsonObject service) => (service["profiles"] as JsonArray ?? []).Select(p => p!.GetValue<string>());

    public static JsonObject Environment(JsonObject service) => service["environment"] as JsonObject ?? [];
}

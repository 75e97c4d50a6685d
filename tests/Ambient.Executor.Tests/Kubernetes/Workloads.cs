using System.Text.Json.Nodes;

namespace Ambient.Executor.Tests.Kubernetes;

/// <summary>apps/v1 workloads as an API server returns them, stored in the fake at their REST paths.</summary>
internal static class Workloads
{
    public const string Namespace = "shop";

    public static string CollectionPath(string resource, string namespaceName = Namespace) => $"/apis/apps/v1/namespaces/{namespaceName}/{resource}";

    public static string Path(string resource, string name, string namespaceName = Namespace) => $"{CollectionPath(resource, namespaceName)}/{name}";

    /// <summary>A workload with <paramref name="replicas"/> (none for a DaemonSet), resourceVersion 100 and one unrelated annotation.</summary>
    public static JsonObject Create(string kind, string name, int? replicas = 3, JsonObject? annotations = null)
    {
        var spec = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = name } },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = name } },
                ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "shop/web:1.4.2" }) },
            },
        };
        if (replicas is { } count)
        {
            spec["replicas"] = count;
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = Namespace,
                ["uid"] = "3f0c2a4e-9d7b-4c1e-8a55-0d6f1e2b3c4d",
                ["resourceVersion"] = "100",
                ["generation"] = 7,
                ["annotations"] = annotations ?? new JsonObject { ["deployment.kubernetes.io/revision"] = "7" },
            },
            ["spec"] = spec,
        };
    }

    public static string? Annotation(JsonObject item, string key) => (string?)item["metadata"]!["annotations"]?[key];
}

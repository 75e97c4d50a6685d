using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ambient.Kubernetes.Yaml;
using Ambient.Testing.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace Ambient.Operator.Tests;

/// <summary>What a user does with kubectl, over the fake API server's HTTP: apply, edit and delete, and read back.</summary>
internal sealed class Kubectl(FakeKubernetesApi api) : IDisposable
{
    public const string Namespace = "ambient";
    public const string Agents = "/apis/ambient.io/v1alpha1/namespaces/ambient/agents";

    private readonly HttpClient _http = new() { BaseAddress = new Uri(api.Url) };

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>
    /// The sample agent file <paramref name="from"/> (default: <paramref name="name"/>) as an Agent named <paramref name="name"/>,
    /// with <paramref name="spec"/>'s fields over it.
    /// </summary>
    public static JsonObject Agent(string name, JsonObject? spec = null, string? from = null)
    {
        var file = new YamlStream();
        file.Load(new StringReader(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "agents", $"{from ?? name}.yaml"))));
        var fields = (JsonObject)YamlJson.ToJson(file.Documents[0].RootNode)!;
        fields.Remove("name");
        foreach (var (key, value) in spec ?? [])
        {
            fields[key] = value?.DeepClone();
        }

        return new JsonObject
        {
            ["apiVersion"] = "ambient.io/v1alpha1",
            ["kind"] = "Agent",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
            ["spec"] = fields,
        };
    }

    /// <summary><c>kubectl apply --server-side</c>.</summary>
    public async Task<JsonObject> ApplyAsync(JsonObject item)
    {
        var path = $"{Collection(item)}/{item["metadata"]!["name"]}?fieldManager=kubectl";
        using var content = new StringContent(item.ToJsonString(), Encoding.UTF8, "application/apply-patch+yaml");
        using var response = await _http.PatchAsync(path, content, Cancellation);
        await SucceededAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Cancellation))!;
    }

    /// <summary><c>kubectl patch --type merge</c>: a hand edit.</summary>
    public async Task PatchAsync(string path, JsonObject patch)
    {
        using var content = new StringContent(patch.ToJsonString(), Encoding.UTF8, "application/merge-patch+json");
        using var response = await _http.PatchAsync(path, content, Cancellation);
        await SucceededAsync(response);
    }

    /// <summary><c>kubectl delete</c>.</summary>
    public async Task DeleteAsync(string path)
    {
        using var response = await _http.DeleteAsync(path, Cancellation);
        await SucceededAsync(response);
    }

    public JsonObject? Get(string path) => api.Get(path);

    public JsonObject? GetAgent(string name) => api.Get($"{Agents}/{name}");

    /// <summary>The Agent's condition of <paramref name="type"/>, or null.</summary>
    public JsonObject? Condition(string agent, string type) =>
        (GetAgent(agent)?["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => c["type"]?.ToString() == type);

    public void Dispose() => _http.Dispose();

    private static async Task SucceededAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancellation)}");
        }
    }

    private static string Collection(JsonObject item)
    {
        var apiVersion = item["apiVersion"]!.ToString();
        var plural = item["kind"]!.ToString() switch
        {
            "Agent" => "agents",
            "ConfigMap" => "configmaps",
            var kind => throw new ArgumentException($"the test applies Agents and ConfigMaps, not {kind}"),
        };
        return $"{(apiVersion.Contains('/', StringComparison.Ordinal) ? "/apis" : "/api")}/{apiVersion}/namespaces/{Namespace}/{plural}";
    }
}

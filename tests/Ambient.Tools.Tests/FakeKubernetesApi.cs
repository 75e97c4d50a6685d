using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ambient.Tools.Tests;

/// <summary>
/// A local Kubernetes API server over real HTTP: objects by their REST path, events of a namespace filtered by the
/// <c>fieldSelector</c>, and pod logs honouring <c>container</c>, <c>previous</c> and <c>tailLines</c>. Every request
/// (any method, any path) is recorded before routing, so a test sees exactly what the tools sent.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JsonObject> _objects = new();
    private readonly ConcurrentDictionary<string, List<JsonObject>> _events = new();
    private readonly ConcurrentDictionary<(string Pod, string Container, bool Previous), string[]> _logs = new();

    private FakeKubernetesApi(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    public ConcurrentQueue<(string Method, string Path, IQueryCollection Query)> Requests { get; } = new();

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new FakeKubernetesApi(app);
        app.Use((context, next) =>
        {
            api.Requests.Enqueue((context.Request.Method, context.Request.Path.Value!, context.Request.Query));
            return next(context);
        });
        app.MapGet("/api/v1/namespaces/{ns}/events", api.ListEvents);
        app.MapGet("/api/v1/namespaces/{ns}/pods/{pod}/log", api.ReadLog);
        app.Map("/{**path}", api.ReadObjectAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return api;
    }

    /// <summary>Serves an object at its path: <c>/api/v1/namespaces/ns/pods/name</c> or <c>/apis/apps/v1/...</c>.</summary>
    public void Add(string collectionPath, JsonObject item)
    {
        var metadata = item["metadata"]!;
        _objects[$"{collectionPath}/{(string)metadata["name"]!}"] = item;
    }

    public void AddEvent(string namespaceName, JsonObject item) => _events.GetOrAdd(namespaceName, _ => []).Add(item);

    public void AddLog(string pod, string container, bool previous, IEnumerable<string> lines) => _logs[(pod, container, previous)] = [.. lines];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task ReadObjectAsync(HttpContext context)
    {
        if (context.Request.Method == HttpMethods.Get && _objects.TryGetValue(context.Request.Path.Value!, out var item))
        {
            await Results.Json(item).ExecuteAsync(context);
            return;
        }

        await Status(404, "NotFound", $"{context.Request.Path} not found").ExecuteAsync(context);
    }

    private IResult ListEvents(string ns, string? fieldSelector)
    {
        var filters = (fieldSelector ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(term => term.Split('=', 2)).ToList();
        var items = _events.GetValueOrDefault(ns, []).Where(e => filters.All(f => Field(e, f[0]) == f[1]));
        return Results.Json(new JsonObject
        {
            ["kind"] = "EventList",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = "500" },
            ["items"] = new JsonArray([.. items.Select(e => e.DeepClone())]),
        });
    }

    private IResult ReadLog(string pod, string? container, bool? previous, int? tailLines)
    {
        var containers = _logs.Keys.Where(key => key.Pod == pod).Select(key => key.Container).Distinct().Order().ToList();
        if (containers.Count == 0)
        {
            return Status(404, "NotFound", $"pods \"{pod}\" not found");
        }

        if (container is null && containers.Count > 1)
        {
            return Status(400, "BadRequest", $"a container name must be specified for pod {pod}, choose one of: [{string.Join(" ", containers)}]");
        }

        var key = (pod, container ?? containers[0], previous ?? false);
        if (!_logs.TryGetValue(key, out var lines))
        {
            return Status(400, "BadRequest", $"previous terminated container \"{key.Item2}\" in pod \"{pod}\" not found");
        }

        var tail = tailLines is { } n ? lines.TakeLast(n) : lines;
        return Results.Text(string.Concat(tail.Select(line => line + "\n")), "text/plain");
    }

    private static string? Field(JsonObject item, string path) =>
        path.Split('.').Aggregate<string, JsonNode?>(item, (node, name) => node?[name]) is JsonValue value ? value.ToString() : null;

    private static IResult Status(int code, string reason, string message) => Results.Json(
        new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["message"] = message, ["reason"] = reason, ["code"] = code },
        statusCode: code);
}

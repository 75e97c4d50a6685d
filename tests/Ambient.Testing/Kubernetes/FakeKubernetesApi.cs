using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ambient.Testing.Kubernetes;

/// <summary>
/// A local Kubernetes API server over real HTTP: objects by their REST path (GET, and PATCH as a merge or strategic
/// merge patch that bumps the resourceVersion and honours a resourceVersion precondition with 409), events of a
/// namespace filtered by the <c>fieldSelector</c>, and pod logs honouring <c>container</c>, <c>previous</c> and
/// <c>tailLines</c>. Every request (any method, any path, with its body) is recorded before routing, so a test sees
/// exactly what was sent; <see cref="FailWith"/> and <see cref="Hang"/> make it answer like a refusing or stuck server.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, JsonObject> _objects = new();
    private readonly ConcurrentDictionary<string, List<JsonObject>> _events = new();
    private readonly ConcurrentDictionary<(string Pod, string Container, bool Previous), string[]> _logs = new();
    private volatile Misbehaviour? _misbehaviour;

    private FakeKubernetesApi(WebApplication app) => _app = app;

    /// <summary>The server's base URL, e.g. <c>http://127.0.0.1:50123</c>.</summary>
    public string Url => _app.Urls.First();

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<FakeKubernetesRequest> Requests { get; } = new();

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new FakeKubernetesApi(app);
        app.Use(api.RecordAndMisbehaveAsync);
        app.MapGet("/api/v1/namespaces/{ns}/events", api.ListEvents);
        app.MapGet("/api/v1/namespaces/{ns}/pods/{pod}/log", api.ReadLog);
        app.MapGet("/{**path}", api.ReadObject);
        // A Delegate, not a RequestDelegate, so the IResult it returns is written.
        app.MapPatch("/{**path}", (Delegate)api.PatchObjectAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return api;
    }

    /// <summary>Serves an object at its path: <c>/api/v1/namespaces/ns/pods/name</c> or <c>/apis/apps/v1/...</c>.</summary>
    /// <param name="collectionPath">The collection's path, e.g. <c>/apis/apps/v1/namespaces/shop/deployments</c>.</param>
    /// <param name="item">The object; its <c>metadata.name</c> completes the path.</param>
    public void Add(string collectionPath, JsonObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var metadata = item["metadata"]!;
        _objects[$"{collectionPath}/{(string)metadata["name"]!}"] = item;
    }

    /// <summary>A copy of the object at <paramref name="path"/> as it is now (after any patches), or null.</summary>
    public JsonObject? Get(string path)
    {
        if (!_objects.TryGetValue(path, out var item))
        {
            return null;
        }

        lock (item)
        {
            return item.DeepClone().AsObject();
        }
    }

    /// <summary>Adds a core/v1 event to a namespace's list.</summary>
    public void AddEvent(string namespaceName, JsonObject item) => _events.GetOrAdd(namespaceName, _ => []).Add(item);

    /// <summary>Serves a container's log, of the current or the previous instance.</summary>
    public void AddLog(string pod, string container, bool previous, IEnumerable<string> lines) => _logs[(pod, container, previous)] = [.. lines];

    /// <summary>
    /// Answers every request (only those of <paramref name="method"/> when given) with <paramref name="statusCode"/> and a
    /// Status body, with a <c>Retry-After</c> header in whole seconds when <paramref name="retryAfter"/> is given.
    /// </summary>
    public void FailWith(int statusCode, string? method = null, TimeSpan? retryAfter = null) =>
        _misbehaviour = new Misbehaviour(statusCode, method, retryAfter);

    /// <summary>Never answers requests (only those of <paramref name="method"/> when given) until the client gives up or the server stops.</summary>
    public void Hang(string? method = null) => _misbehaviour = new Misbehaviour(null, method, null);

    /// <summary>Answers normally again after <see cref="FailWith"/> or <see cref="Hang"/>.</summary>
    public void Recover() => _misbehaviour = null;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task RecordAndMisbehaveAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Requests.Enqueue(new FakeKubernetesRequest(request.Method, request.Path.Value!, request.Query, request.ContentType, body));
        context.Items[nameof(FakeKubernetesRequest)] = body;

        switch (_misbehaviour)
        {
            case { Method: { } method } when !HttpMethods.Equals(method, request.Method):
            case null:
                await next(context);
                break;
            case { StatusCode: null }:
                await HangAsync(context.RequestAborted);
                break;
            case { StatusCode: { } code, RetryAfter: var retryAfter }:
                if (retryAfter is { } after)
                {
                    context.Response.Headers.RetryAfter = ((int)after.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                await Status(code, ReasonOf(code), $"{request.Method} {request.Path}: the fake answers {code}").ExecuteAsync(context);
                break;
        }
    }

    private async Task HangAsync(CancellationToken requestAborted)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, _stopping.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, either.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the server is stopping: nothing to answer.
        }
    }

    private IResult ReadObject(HttpContext context)
    {
        var item = Get(context.Request.Path.Value!);
        return item is null ? NotFound(context) : Results.Json(item);
    }

    private async Task<IResult> PatchObjectAsync(HttpContext context)
    {
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not ("application/merge-patch+json" or "application/strategic-merge-patch+json"))
        {
            return Status(415, "UnsupportedMediaType", $"the fake applies merge and strategic merge patches, not {mediaType}");
        }

        if (!_objects.TryGetValue(context.Request.Path.Value!, out var item))
        {
            return NotFound(context);
        }

        var patch = JsonNode.Parse((string)context.Items[nameof(FakeKubernetesRequest)]!)!.AsObject();
        lock (item)
        {
            var current = (string?)item["metadata"]!["resourceVersion"];
            if ((string?)patch["metadata"]?["resourceVersion"] is { } expected && expected != current)
            {
                return Status(409, "Conflict", $"Operation cannot be fulfilled on {context.Request.Path}: the object has been modified; please apply your changes to the latest version and try again");
            }

            JsonMergePatch.Apply(item, patch);
            var next = long.Parse(current ?? "0", CultureInfo.InvariantCulture) + 1;
            item["metadata"]!["resourceVersion"] = next.ToString(CultureInfo.InvariantCulture);
            return Results.Json(item.DeepClone());
        }
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

    private static IResult NotFound(HttpContext context) => Status(404, "NotFound", $"{context.Request.Path} not found");

    private static string ReasonOf(int code) => code switch
    {
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        409 => "Conflict",
        422 => "Invalid",
        429 => "TooManyRequests",
        503 => "ServiceUnavailable",
        >= 500 => "InternalError",
        _ => "BadRequest",
    };

    private static IResult Status(int code, string reason, string message) => Results.Json(
        new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["message"] = message, ["reason"] = reason, ["code"] = code },
        statusCode: code);

    // What FailWith or Hang set: a status to answer (null: never answer) for one method or all.
    private sealed record Misbehaviour(int? StatusCode, string? Method, TimeSpan? RetryAfter);
}

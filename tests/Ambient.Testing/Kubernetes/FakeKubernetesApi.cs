using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ambient.Testing.Kubernetes;

/// <summary>
/// A local Kubernetes API server over real HTTP. Objects live at their REST path (<see cref="FakeObjectStore"/> says how
/// faithfully): GET of an object or a collection (with an equality <c>labelSelector</c>, and <c>watch=true</c> streaming
/// its changes from a <c>resourceVersion</c>), POST, PUT and DELETE, PATCH as a merge, strategic merge or server-side
/// apply patch, and the <c>status</c> subresource. Also: events of a namespace filtered by the <c>fieldSelector</c>, and
/// pod logs honouring <c>container</c>, <c>previous</c> and <c>tailLines</c>. Every request (any method, any path, with
/// its body) is recorded before routing, so a test sees exactly what was sent; <see cref="FailWith"/> and
/// <see cref="Hang"/> make it answer like a refusing or stuck server.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly FakeObjectStore _objects = new();
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
        app.MapPost("/api/v1/namespaces/{ns}/events", (Delegate)api.CreateEvent);
        // Delegates, not RequestDelegates, so the IResults they return are written.
        app.MapGet("/{**path}", (Delegate)api.ReadAsync);
        app.MapPost("/{**path}", (Delegate)api.CreateObject);
        app.MapPut("/{**path}", (Delegate)api.ReplaceObject);
        app.MapPatch("/{**path}", (Delegate)api.PatchObject);
        app.MapDelete("/{**path}", (Delegate)api.DeleteObject);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return api;
    }

    /// <summary>Serves an object at its path: <c>/api/v1/namespaces/ns/pods/name</c> or <c>/apis/apps/v1/...</c>.</summary>
    /// <param name="collectionPath">The collection's path, e.g. <c>/apis/apps/v1/namespaces/shop/deployments</c>.</param>
    /// <param name="item">The object; its <c>metadata.name</c> completes the path.</param>
    public void Add(string collectionPath, JsonObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var collection = ApiPath.Parse(collectionPath) ?? throw new ArgumentException($"{collectionPath} is not a resource collection's path", nameof(collectionPath));
        _objects.Put(collection with { Name = (string)item["metadata"]!["name"]! }, item);
    }

    /// <summary>Sets the status of the object at <paramref name="path"/>, as its controller would (a Deployment's ready replicas).</summary>
    public void SetStatus(string path, JsonObject status) =>
        _objects.Replace(ApiPath.Parse(path)! with { Subresource = "status" }, new JsonObject { ["status"] = status });

    /// <summary>Deletes the object at <paramref name="path"/> and what it owns, as <c>kubectl delete</c> would.</summary>
    public void Delete(string path) => _objects.Delete(ApiPath.Parse(path)!);

    /// <summary>The objects of a collection now, e.g. <c>/apis/apps/v1/namespaces/shop/deployments</c>.</summary>
    public IReadOnlyList<JsonObject> List(string collectionPath) =>
        [.. _objects.List(ApiPath.Parse(collectionPath)!, new Dictionary<string, string>())["items"]!.AsArray().Select(i => i!.AsObject())];

    /// <summary>The events of a namespace, as added or created.</summary>
    public IReadOnlyList<JsonObject> Events(string namespaceName) => [.. _events.GetValueOrDefault(namespaceName, []).ToArray().Select(e => e.DeepClone().AsObject())];

    /// <summary>Ends every open watch, as an API server restart does.</summary>
    public void EndWatches() => _objects.EndWatches();

    /// <summary>Forgets the change history: a watch from an earlier resourceVersion gets 410 Gone, as after etcd compaction.</summary>
    public void CompactHistory() => _objects.Compact();

    /// <summary>A copy of the object at <paramref name="path"/> as it is now (after any patches), or null.</summary>
    public JsonObject? Get(string path) => _objects.Get(path);

    /// <summary>Adds a core/v1 event to a namespace's list.</summary>
    public void AddEvent(string namespaceName, JsonObject item)
    {
        var events = _events.GetOrAdd(namespaceName, _ => []);
        lock (events)
        {
            events.Add(item);
        }
    }

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
        Requests.Enqueue(new FakeKubernetesRequest(request.Method, request.Path.Value!, request.Query, request.ContentType, body) { UserAgent = request.Headers.UserAgent.ToString() });
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

    private async Task<IResult> ReadAsync(HttpContext context, string? labelSelector, string? watch, string? resourceVersion, int? timeoutSeconds)
    {
        if (ApiPath.Parse(context.Request.Path.Value!) is not { } path)
        {
            return NotFound(context);
        }

        var labels = Labels(labelSelector);
        if (path.Name is not null)
        {
            return _objects.Get(path.Object) is { } item ? Results.Json(item) : NotFound(context);
        }

        if (watch is not ("true" or "1"))
        {
            return Results.Json(_objects.List(path, labels));
        }

        await StreamAsync(context, _objects.Watch(path, labels, resourceVersion), timeoutSeconds);
        return Results.Empty;
    }

    // The watch's changes as JSON lines, until its timeout, the client leaving, the fake stopping or EndWatches.
    private async Task StreamAsync(HttpContext context, FakeWatch watch, int? timeoutSeconds)
    {
        using var until = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        until.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds ?? 1800));
        context.Response.ContentType = "application/json";
        try
        {
            await context.Response.StartAsync(until.Token);
            await foreach (var line in watch.Lines.ReadAllAsync(until.Token))
            {
                await context.Response.WriteAsync(line.ToJsonString() + "\n", until.Token);
                await context.Response.Body.FlushAsync(until.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The watch's time is up, or the client or the fake is gone: the stream ends.
        }
        finally
        {
            _objects.Close(watch);
        }
    }

    private IResult CreateObject(HttpContext context) => Answer(context, (path, body) => _objects.Create(path, body!), created: true);

    private IResult ReplaceObject(HttpContext context) => Answer(context, (path, body) => _objects.Replace(path, body!));

    private IResult DeleteObject(HttpContext context) => Answer(context, (path, _) => _objects.Delete(path), needsBody: false);

    private IResult PatchObject(HttpContext context)
    {
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim();
        if (mediaType is not ("application/merge-patch+json" or "application/strategic-merge-patch+json" or "application/apply-patch+yaml"))
        {
            return Status(415, "UnsupportedMediaType", $"the fake applies merge, strategic merge and apply patches, not {mediaType}");
        }

        return Answer(context, (path, body) => _objects.Patch(path, body!, apply: mediaType == "application/apply-patch+yaml"));
    }

    private IResult CreateEvent(HttpContext context, string ns)
    {
        var item = JsonNode.Parse((string)context.Items[nameof(FakeKubernetesRequest)]!)!.AsObject();
        if (item["metadata"]?["name"] is null)
        {
            item["metadata"]!["name"] = $"{item["metadata"]?["generateName"]}{Guid.NewGuid():N}";
        }

        AddEvent(ns, item);
        return Results.Json(item, statusCode: 201);
    }

    // Runs one write against the store, answering its result or its refusal as a Status.
    private IResult Answer(HttpContext context, Func<ApiPath, JsonObject?, JsonObject> write, bool created = false, bool needsBody = true)
    {
        if (ApiPath.Parse(context.Request.Path.Value!) is not { } path || (path.Name is null) != created)
        {
            return NotFound(context);
        }

        try
        {
            // JSON is YAML: the apply patches clients send here are JSON.
            var body = needsBody ? JsonNode.Parse((string)context.Items[nameof(FakeKubernetesRequest)]!)?.AsObject() : null;
            return Results.Json(write(path, body), statusCode: created ? 201 : 200);
        }
        catch (FakeApiException ex)
        {
            return Status(ex.Code, ex.Reason, ex.Message);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return Status(400, "BadRequest", $"the body is not a JSON object: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            // The fake's own defect: said in full, so the test's failure shows it.
            return Status(500, "InternalError", ex.ToString());
        }
    }

    private static Dictionary<string, string> Labels(string? selector) =>
        (selector ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(term => term.Split('=', 2)).ToDictionary(t => t[0], t => t[1], StringComparer.Ordinal);

    private IResult ListEvents(string ns, string? fieldSelector)
    {
        var filters = (fieldSelector ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(term => term.Split('=', 2)).ToList();
        var items = Events(ns).Where(e => filters.All(f => Field(e, f[0]) == f[1]));
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

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ambient.Gateway.Tests;

/// <summary>
/// A local Kubernetes API server for core/v1 Events over real HTTP: <c>GET /api/v1/events</c> (and the namespaced
/// path) answers the list, and
/// with <c>watch=true</c> streams the watch events the test sends, one JSON object per line, until told to close.
/// It records every watch request's query so a test can see where the watcher resumed.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<string?> _watchLines = Channel.CreateUnbounded<string?>();
    private int _listRequests;

    private FakeKubernetesApi(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    public List<JsonObject> ListItems { get; } = [];

    public string ListResourceVersion { get; set; } = "100";

    public ConcurrentQueue<IQueryCollection> WatchRequests { get; } = new();

    public int ListRequests => Volatile.Read(ref _listRequests);

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var api = new FakeKubernetesApi(app);
        app.MapGet("/api/v1/events", api.HandleAsync);
        app.MapGet("/api/v1/namespaces/{namespace}/events", api.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return api;
    }

    /// <summary>Streams one watch event (<c>ADDED</c>, <c>MODIFIED</c>, <c>BOOKMARK</c>, ...) to the open or next watch.</summary>
    public void Send(string type, JsonObject item) => _watchLines.Writer.TryWrite(new JsonObject { ["type"] = type, ["object"] = item.DeepClone() }.ToJsonString());

    /// <summary>Sends a watch ERROR carrying a Status, e.g. 410 Gone when the resourceVersion is too old.</summary>
    public void SendError(int code, string reason) => _watchLines.Writer.TryWrite(new JsonObject
    {
        ["type"] = "ERROR",
        ["object"] = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["code"] = code, ["reason"] = reason, ["message"] = "too old resource version" },
    }.ToJsonString());

    /// <summary>Ends the current watch response, as an API server does when its watch timeout expires.</summary>
    public void CloseWatch() => _watchLines.Writer.TryWrite(null);

    public async ValueTask DisposeAsync()
    {
        _watchLines.Writer.TryComplete();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        if (context.Request.Query["watch"] != "true")
        {
            Interlocked.Increment(ref _listRequests);
            var list = new JsonObject
            {
                ["kind"] = "EventList",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject { ["resourceVersion"] = ListResourceVersion },
                ["items"] = new JsonArray([.. ListItems.Select(item => item.DeepClone())]),
            };
            await context.Response.WriteAsync(list.ToJsonString(), context.RequestAborted);
            return;
        }

        WatchRequests.Enqueue(context.Request.Query);
        await context.Response.StartAsync(context.RequestAborted);
        try
        {
            await foreach (var line in _watchLines.Reader.ReadAllAsync(context.RequestAborted))
            {
                if (line is null)
                {
                    return;
                }

                await context.Response.WriteAsync(line + "\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The watcher went away (gateway stopped).
        }
    }
}

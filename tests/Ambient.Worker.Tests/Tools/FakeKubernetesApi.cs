using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ambient.Worker.Tests.Tools;

/// <summary>
/// A local Kubernetes API over real HTTP for one crash-looping pod: its namespace's Warning events and its log (the
/// previous instance's says why it died). Every request is counted by path before routing, so a test sees each read.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    public const string EventMessage = "Back-off restarting failed container app in pod";
    public const string PreviousLogLine = "fatal: heap exhausted after 512Mi (checkout worker 7)";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    private FakeKubernetesApi(WebApplication app, string namespaceName, string pod)
    {
        _app = app;
        Namespace = namespaceName;
        Pod = pod;
    }

    public string Namespace { get; }

    public string Pod { get; }

    public string Url { get; private set; } = string.Empty;

    public string EventsPath => $"/api/v1/namespaces/{Namespace}/events";

    public string LogPath => $"/api/v1/namespaces/{Namespace}/pods/{Pod}/log";

    public int TotalRequests => _requests.Values.Sum();

    public static async Task<FakeKubernetesApi> StartAsync(string namespaceName, string pod, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var api = new FakeKubernetesApi(app, namespaceName, pod);
        app.Use((context, next) =>
        {
            api._requests.AddOrUpdate(context.Request.Path.Value!, 1, (_, n) => n + 1);
            return next(context);
        });
        app.MapGet("/api/v1/namespaces/{ns}/events", api.ListEvents);
        app.MapGet("/api/v1/namespaces/{ns}/pods/{pod}/log", api.ReadLog);
        await app.StartAsync(cancellationToken);
        api.Url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/') + "/";
        return api;
    }

    public int RequestsTo(string path) => _requests.GetValueOrDefault(path);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private IResult ListEvents(string ns) => Results.Json(new JsonObject
    {
        ["kind"] = "EventList",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject { ["resourceVersion"] = "500" },
        ["items"] = ns != Namespace ? new JsonArray() : new JsonArray(new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = $"{Pod}.17a", ["namespace"] = Namespace },
            ["involvedObject"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = Namespace, ["name"] = Pod },
            ["type"] = "Warning",
            ["reason"] = "BackOff",
            ["message"] = $"{EventMessage} {Pod}",
            ["count"] = 7,
            ["firstTimestamp"] = "2026-11-30T08:00:30Z",
            ["lastTimestamp"] = "2026-11-30T08:12:30Z",
        }),
    });

    private IResult ReadLog(string ns, string pod, bool? previous) => ns == Namespace && pod == Pod
        ? Results.Text(previous == true ? $"starting checkout\n{PreviousLogLine}\n" : "starting checkout\n", "text/plain")
        : Results.Json(new JsonObject { ["kind"] = "Status", ["status"] = "Failure", ["reason"] = "NotFound", ["code"] = 404 }, statusCode: 404);
}

using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ambient.Testing.FakeOpenAi;

/// <summary>
/// A local OpenAI-compatible chat model for tests: Kestrel on a free loopback port serving
/// <c>POST /v1/chat/completions</c> (non-streaming). It records every request and answers from a script of
/// <see cref="FakeOpenAiReply"/>s, one per request, in order (an answer or a scripted HTTP failure); a request past the
/// end of the script gets a 500 whose body says so.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeOpenAiReply> _script = new();
    private readonly ConcurrentQueue<FakeOpenAiRequest> _requests = new();
    private readonly TimeProvider _timeProvider;

    private FakeOpenAiServer(WebApplication app, TimeProvider timeProvider)
    {
        _app = app;
        _timeProvider = timeProvider;
    }

    /// <summary>The API base URL to configure clients with, e.g. <c>http://127.0.0.1:5123/v1</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every chat completion request received so far, in order.</summary>
    public IReadOnlyList<FakeOpenAiRequest> Requests => [.. _requests];

    /// <summary>Starts the server on 127.0.0.1 with an OS-assigned port.</summary>
    public static async Task<FakeOpenAiServer> StartAsync(TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var server = new FakeOpenAiServer(app, timeProvider ?? TimeProvider.System);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Endpoint = new Uri($"{address.TrimEnd('/')}/v1");
        return server;
    }

    /// <summary>Appends replies to the script.</summary>
    public FakeOpenAiServer Enqueue(params FakeOpenAiReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }

        return this;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) as JsonObject
                ?? throw new JsonException("The body is not a JSON object.");
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request_error", $"FakeOpenAiServer: unreadable request body: {e.Message}");
        }

        _requests.Enqueue(new FakeOpenAiRequest(body, request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null));
        if (!_script.TryDequeue(out var reply))
        {
            return Error(
                StatusCodes.Status500InternalServerError,
                "fake_script_exhausted",
                $"FakeOpenAiServer: the script is exhausted; request {_requests.Count} has no scripted reply. Enqueue one reply per model call.");
        }

        if (reply.FailureStatus is { } status)
        {
            request.HttpContext.Response.Headers.RetryAfter = "0";
            return Error(status, "fake_failure", $"FakeOpenAiServer: scripted failure {status} for request {_requests.Count}.");
        }

        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, _timeProvider, cancellationToken);
        }

        var completion = FakeOpenAiResponses.ChatCompletion(reply, body["model"]?.GetValue<string>(), _requests.Count, _timeProvider.GetUtcNow());
        return Results.Text(completion.ToJsonString(), "application/json");
    }

    private static IResult Error(int status, string type, string message) => Results.Text(
        new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = type } }.ToJsonString(),
        "application/json",
        statusCode: status);
}

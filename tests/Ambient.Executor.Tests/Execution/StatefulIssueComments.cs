using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ambient.Executor.Tests.GitHub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ambient.Executor.Tests.Execution;

/// <summary>
/// The comments of one GitHub issue as GitHub keeps them, over real HTTP: a POST creates a comment that every later
/// listing shows. The first POST creates its comment and then never answers, so a test can kill the executor
/// after GitHub acted and before the executor heard back.
/// </summary>
internal sealed class StatefulIssueComments : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonObject> _comments = new();
    private readonly TaskCompletionSource _firstCreated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _posts;

    private StatefulIssueComments(WebApplication app) => _app = app;

    public string Url => _app.Urls.First() + "/";

    /// <summary>How many POSTs reached the server.</summary>
    public int Posts => Volatile.Read(ref _posts);

    public IReadOnlyList<string> Bodies => [.. _comments.Select(c => (string)c["body"]!)];

    /// <summary>Completes when the first comment exists (its POST still unanswered).</summary>
    public Task FirstCreated => _firstCreated.Task;

    public static async Task<StatefulIssueComments> StartAsync(string path)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new StatefulIssueComments(app);
        app.MapGet(path, () => Results.Json(new JsonArray([.. fake._comments.Select(c => c.DeepClone())])));
        app.MapPost(path, (Delegate)fake.CreateAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return fake;
    }

    private async Task<IResult> CreateAsync(HttpContext context)
    {
        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var number = Interlocked.Increment(ref _posts);
        var comment = FakeGitHub.Comment(900 + number, (string)request!["body"]!);
        _comments.Enqueue(comment);
        if (number == 1)
        {
            _firstCreated.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }

        return Results.Json(comment, statusCode: 201);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

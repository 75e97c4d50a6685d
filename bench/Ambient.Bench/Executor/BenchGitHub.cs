using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ambient.Bench.Executor;

/// <summary>
/// A local GitHub that creates issue comments as fast as Kestrel answers: the floor of the target, so the bench
/// measures the executor, not a remote API. It counts the comments and times the first and the last; it also takes
/// labels (the governance bench's runs label before they comment).
/// </summary>
internal sealed class BenchGitHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _comments;
    private long _firstTimestamp;

    private BenchGitHub(WebApplication app) => _app = app;

    public string Url => _app.Urls.First() + "/";

    public long Comments => Interlocked.Read(ref _comments);

    /// <summary>When the first comment since <see cref="Reset"/> was created (<see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long FirstTimestamp => Interlocked.Read(ref _firstTimestamp);

    public static async Task<BenchGitHub> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var github = new BenchGitHub(app);
        app.MapPost("/repos/{owner}/{repo}/issues/{number}/comments", (Delegate)github.CreateAsync);
        // Labels are not counted: GitHub answers with the labels, and an empty list is a valid answer.
        app.MapPost("/repos/{owner}/{repo}/issues/{number}/labels", () => Results.Json(new JsonArray()));
        await app.StartAsync(cancellationToken);
        return github;
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _comments, 0);
        Interlocked.Exchange(ref _firstTimestamp, 0);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<IResult> CreateAsync(HttpContext context, string owner, string repo, int number)
    {
        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var id = Interlocked.Increment(ref _comments);
        Interlocked.CompareExchange(ref _firstTimestamp, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        return Results.Json(new JsonObject
        {
            ["id"] = id,
            ["node_id"] = $"IC_{id}",
            ["url"] = $"https://api.github.com/repos/{owner}/{repo}/issues/comments/{id}",
            ["html_url"] = $"https://github.com/{owner}/{repo}/issues/{number}#issuecomment-{id}",
            ["body"] = request?["body"]?.GetValue<string>(),
            ["user"] = new JsonObject { ["login"] = "ambient-bot", ["id"] = 41 },
            ["created_at"] = "2026-03-01T10:00:00Z",
            ["updated_at"] = "2026-03-01T10:00:00Z",
            ["author_association"] = "NONE",
        }, statusCode: 201);
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Ambient.Executor.Targets;
using Ambient.Testing;

namespace Ambient.Executor.Tests.GitHub;

public sealed class GitHubTargetFailureTests : IDisposable
{
    private const string CommentsPath = "/repos/octo/app/issues/7/comments";

    private readonly FakeGitHub _github = new();
    private readonly GitHubTargetHost _host;

    public GitHubTargetFailureTests()
    {
        _host = GitHubTargetHost.For(_github.Url);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task Apply_PrimaryRateLimitSpent_RetriesWhenItResets(int status)
    {
        var reset = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() + 120;
        _github.On("POST", CommentsPath, status, FakeGitHub.Error("API rate limit exceeded for installation ID 1."),
            ("X-RateLimit-Limit", "5000"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", reset.ToString(CultureInfo.InvariantCulture)));

        var outcome = await _host.ApplyAsync(Comment());

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.InRange(outcome.RetryAfter!.Value, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(120));
        Assert.Contains("rate limit", outcome.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task Apply_SecondaryRateLimit_RetriesAfterRetryAfter(int status)
    {
        _github.On("POST", CommentsPath, status, FakeGitHub.Error("You have exceeded a secondary rate limit. Please wait a few minutes before you try again."),
            ("Retry-After", "7"), ("X-RateLimit-Remaining", "4211"));

        var outcome = await _host.ApplyAsync(Comment());

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), outcome.RetryAfter);
        Assert.Contains("secondary rate limit", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_SecondaryRateLimitNamingNoWait_RetriesAfterAMinute()
    {
        _github.On("POST", CommentsPath, 403, FakeGitHub.Error("You have exceeded a secondary rate limit. Please wait a few minutes before you try again."),
            ("X-RateLimit-Remaining", "4211"));

        var outcome = await _host.ApplyAsync(Comment());

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.Equal(TimeSpan.FromMinutes(1), outcome.RetryAfter);
    }

    [Fact]
    public async Task Comment_IssueNotFound_FailsNaming404()
    {
        _github.On("POST", CommentsPath, 404, FakeGitHub.Error("Not Found"));

        var outcome = await _host.ApplyAsync(Comment());

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("404 Not Found to comment on octo/app#7", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comment_ValidationFailed_FailsNaming422AndTheError()
    {
        var body = FakeGitHub.Error("Validation Failed");
        body["errors"] = new JsonArray(new JsonObject { ["resource"] = "IssueComment", ["field"] = "body", ["code"] = "custom", ["message"] = "body is too long (maximum is 65536 characters)" });
        _github.On("POST", CommentsPath, 422, body);

        var outcome = await _host.ApplyAsync(Comment());

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("422", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("body is too long", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comment_BadCredentials_FailsNamingTheTokenKey()
    {
        _github.On("POST", CommentsPath, 401, FakeGitHub.Error("Bad credentials"));

        var outcome = await _host.ApplyAsync(Comment());

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("401", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("Ambient:Executors:GitHub:Token", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comment_ForbiddenWithoutRateLimit_Fails()
    {
        _github.On("POST", CommentsPath, 403, FakeGitHub.Error("Resource not accessible by integration"), ("X-RateLimit-Remaining", "4999"));

        var outcome = await _host.ApplyAsync(Comment());

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("403 Forbidden: Resource not accessible by integration", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comment_ServerError_Retries()
    {
        _github.On("POST", CommentsPath, 500, FakeGitHub.Error("Server Error"));

        var outcome = await _host.ApplyAsync(Comment());

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.Contains("500", outcome.Reason, StringComparison.Ordinal);
        Assert.Null(outcome.RetryAfter);
    }

    [Fact]
    public async Task Comment_ServerHangsPastTheTimeout_Retries()
    {
        using var hung = new SilentServer();
        using var host = GitHubTargetHost.For(hung.Url, ("Ambient:Executors:GitHub:Timeout", "00:00:01"));

        var outcome = await host.ApplyAsync(Comment());

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.Contains("did not answer within 1 s", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_ServerHangsPastTheTimeout_Retries()
    {
        using var hung = new SilentServer();
        using var host = GitHubTargetHost.For(hung.Url, ("Ambient:Executors:GitHub:Timeout", "00:00:01"));
        var undo = GitHubTargetHost.Action("delete_comment", new { repository = "octo/app", issueNumber = 7, actionId = "run-42/3/0" });

        var outcome = await host.ApplyAsync(undo, new ApplyContext("555"));

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.Contains("did not answer within 1 s", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Comment_ServerUnreachable_Retries()
    {
        string url;
        using (var stopped = new FakeGitHub())
        {
            url = stopped.Url;
        }

        using var host = GitHubTargetHost.For(url);

        var outcome = await host.ApplyAsync(Comment());

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.Contains($"GitHub is unreachable at {url}", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_ExecutorCancelledWhileGitHubHangs_Throws()
    {
        using var hung = new SilentServer();
        using var host = GitHubTargetHost.For(hung.Url);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var apply = host.Target.ApplyAsync(Comment(), ApplyContext.None, cancellation.Token);
        await hung.WaitForConnectionAsync();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => apply);
    }

    public void Dispose()
    {
        _host.Dispose();
        _github.Dispose();
    }

    private static Abstractions.Actions.ActionRecord Comment() =>
        GitHubTargetHost.Action("comment", new { repository = "octo/app", issueNumber = 7, body = "Looks like a crash." });
}

using Ambient.Executor.Targets;

namespace Ambient.Executor.Tests.GitHub;

public sealed class GitHubTargetCompensationTests : IDisposable
{
    private readonly FakeGitHub _github = new();
    private readonly GitHubTargetHost _host;

    public GitHubTargetCompensationTests()
    {
        _host = GitHubTargetHost.For(_github.Url);
    }

    [Theory]
    [InlineData("delete_comment")]
    [InlineData("withdraw_pull_request_plan")]
    public async Task Delete_DeletesTheCommentTheUndoneActionRecorded(string operation)
    {
        _github.On("DELETE", "/repos/octo/app/issues/comments/555", 204);

        var outcome = await _host.ApplyAsync(Undo(operation), new ApplyContext("555"));

        Assert.Equal(TargetOutcome.Applied("555", $"{_github.Url}octo/app/issues/7"), outcome);
        var request = Assert.Single(_github.Requests);
        Assert.Equal("DELETE", request.Method);
        Assert.Equal("/repos/octo/app/issues/comments/555", request.Path);
        Assert.Equal($"Bearer {GitHubTargetHost.Token}", request.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task Delete_CommentAlreadyGone_IsApplied()
    {
        _github.On("DELETE", "/repos/octo/app/issues/comments/555", 404, FakeGitHub.Error("Not Found"));

        var outcome = await _host.ApplyAsync(Undo("delete_comment"), new ApplyContext("555"));

        Assert.Equal(TargetOutcomeKind.Applied, outcome.Kind);
        Assert.Single(_github.Requests);
    }

    [Fact]
    public async Task Delete_UndoneActionNeverApplied_FailsWithoutARequest()
    {
        var outcome = await _host.ApplyAsync(Undo("delete_comment"), ApplyContext.None);

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("the action it undoes (run-42/3/0) was never applied", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(_github.Requests);
    }

    [Fact]
    public async Task Delete_ServerError_Retries()
    {
        _github.On("DELETE", "/repos/octo/app/issues/comments/555", 502, FakeGitHub.Error("Bad Gateway"));

        var outcome = await _host.ApplyAsync(Undo("delete_comment"), new ApplyContext("555"));

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.Contains("502", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_NamesTheCommentItDeletes()
    {
        var line = _host.Target.Describe(Undo("withdraw_pull_request_plan"), new ApplyContext("555"));

        Assert.StartsWith("DELETE /repos/octo/app/issues/comments/555 (withdraw_pull_request_plan", line, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _host.Dispose();
        _github.Dispose();
    }

    // As Compensations.For writes it: the undone action's repository and issue, and its id.
    private static Abstractions.Actions.ActionRecord Undo(string operation) =>
        GitHubTargetHost.Action(operation, new { repository = "octo/app", issueNumber = 7, actionId = "run-42/3/0" }, id: "rollback-1/0/0");
}

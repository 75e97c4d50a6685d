using System.Text.Json.Nodes;
using Ambient.Executor.Targets;

namespace Ambient.Executor.Tests.GitHub;

public sealed class GitHubTargetFindTests : IDisposable
{
    private const string CommentsPath = "/repos/octo/app/issues/7/comments";

    private readonly FakeGitHub _github = new();
    private readonly GitHubTargetHost _host;

    public GitHubTargetFindTests()
    {
        _host = GitHubTargetHost.For(_github.Url);
    }

    [Theory]
    [InlineData("comment")]
    [InlineData("propose_pull_request_plan")]
    public async Task Find_MarkedCommentOnALaterPage_IsAppliedWithItsIdAndLink(string operation)
    {
        _github.Page(CommentsPath, 1, Comments(1, 100), nextPage: 2)
            .Page(CommentsPath, 2, [FakeGitHub.Comment(101, "me too"), FakeGitHub.Comment(102, "Done.\n\n" + ActionMarkers.GitHubComment("run-42/3/1"))], nextPage: 3)
            .Page(CommentsPath, 3, [FakeGitHub.Comment(201, "Posted.\n\n" + ActionMarkers.GitHubComment("run-42/3/0")), FakeGitHub.Comment(202, "thanks")], nextPage: null);

        var outcome = await _host.FindAsync(Posting(operation));

        Assert.Equal(TargetOutcome.Applied("201", "https://github.com/octo/app/issues/7#issuecomment-201"), outcome);
        Assert.Equal(3, _github.Requests.Count);
        Assert.All(_github.Requests, request => Assert.Equal("GET", request.Method));
        Assert.Equal("100", _github.Requests[0].Query!["per_page"].Single());
        Assert.Equal("3", _github.Requests[2].Query!["page"].Single());
    }

    [Fact]
    public async Task Find_NoCommentCarriesTheMarker_IsNull()
    {
        // run-42/3/01 starts like run-42/3/0 but is another action.
        _github.Page(CommentsPath, 1, Comments(1, 100), nextPage: 2)
            .Page(CommentsPath, 2, [FakeGitHub.Comment(101, "Other.\n\n" + ActionMarkers.GitHubComment("run-42/3/01"))], nextPage: null);

        var outcome = await _host.FindAsync(Posting("comment"));

        Assert.Null(outcome);
        Assert.Equal(2, _github.Requests.Count);
    }

    [Fact]
    public async Task Find_ListingRateLimited_Retries()
    {
        _github.On("GET", CommentsPath, 429, FakeGitHub.Error("You have exceeded a secondary rate limit."), ("Retry-After", "30"));

        var outcome = await _host.FindAsync(Posting("comment"));

        Assert.Equal(TargetOutcome.Retry(outcome!.Reason!, TimeSpan.FromSeconds(30)), outcome);
    }

    [Fact]
    public async Task Find_IssueNotFound_IsNullSinceTheApplyIsRefusedAlike()
    {
        _github.On("GET", CommentsPath, 404, FakeGitHub.Error("Not Found"));

        var outcome = await _host.FindAsync(Posting("comment"));

        Assert.Null(outcome);
    }

    [Theory]
    [InlineData("add_labels")]
    [InlineData("remove_labels")]
    public async Task Find_Labels_IsNullWithoutARequest(string operation)
    {
        var outcome = await _host.FindAsync(GitHubTargetHost.Action(operation, new { repository = "octo/app", issueNumber = 7, labels = new[] { "bug" } }));

        Assert.Null(outcome);
        Assert.Empty(_github.Requests);
    }

    [Fact]
    public async Task Find_Delete_IsNullWithoutARequest()
    {
        var outcome = await _host.Target.FindAsync(
            GitHubTargetHost.Action("delete_comment", new { repository = "octo/app", issueNumber = 7, actionId = "run-42/3/0" }),
            new ApplyContext("555"),
            TestContext.Current.CancellationToken);

        Assert.Null(outcome);
        Assert.Empty(_github.Requests);
    }

    public void Dispose()
    {
        _host.Dispose();
        _github.Dispose();
    }

    private static Abstractions.Actions.ActionRecord Posting(string operation) => GitHubTargetHost.Action(
        operation,
        new { repository = "octo/app", issueNumber = 7, body = "Posted.", title = "Fix", draft = true, steps = new[] { "one" } });

    private static JsonArray Comments(int first, int count) =>
        [.. Enumerable.Range(first, count).Select(id => (JsonNode)FakeGitHub.Comment(id, $"comment {id}"))];
}

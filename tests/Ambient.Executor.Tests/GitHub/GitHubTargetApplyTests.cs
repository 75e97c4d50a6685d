using System.Text.Json.Nodes;
using Ambient.Executor.Targets;

namespace Ambient.Executor.Tests.GitHub;

public sealed class GitHubTargetApplyTests : IDisposable
{
    private const string IssuePath = "/repos/octo/app/issues/7";

    private readonly FakeGitHub _github = new();
    private readonly GitHubTargetHost _host;

    public GitHubTargetApplyTests()
    {
        _host = GitHubTargetHost.For(_github.Url);
    }

    [Fact]
    public async Task AddLabels_PostsTheLabelsWithTheToken_AndLinksTheIssue()
    {
        _github.On("POST", $"{IssuePath}/labels", 200, new JsonArray(new JsonObject { ["id"] = 1, ["name"] = "bug", ["color"] = "d73a4a" }));

        var outcome = await _host.ApplyAsync(GitHubTargetHost.Action("add_labels", new { repository = "octo/app", issueNumber = 7, labels = new[] { "bug", "needs triage" } }));

        Assert.Equal(TargetOutcome.Applied("labels:bug,needs triage", $"{_github.Url}octo/app/issues/7"), outcome);
        var request = Assert.Single(_github.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"Bearer {GitHubTargetHost.Token}", request.Headers!["Authorization"].Single());
        Assert.Equal(["bug", "needs triage"], JsonNode.Parse(request.Body!)!["labels"]!.AsArray().Select(label => (string?)label));
    }

    [Fact]
    public async Task AddLabels_EnterpriseServerBaseUrl_PostsUnderApiV3AndLinksTheWebPage()
    {
        using var enterprise = GitHubTargetHost.For(_github.Url + "api/v3/");
        _github.On("POST", $"/api/v3{IssuePath}/labels", 200, new JsonArray());

        var outcome = await enterprise.ApplyAsync(GitHubTargetHost.Action("add_labels", new { repository = "octo/app", issueNumber = 7, labels = new[] { "bug" } }));

        Assert.Equal(TargetOutcomeKind.Applied, outcome.Kind);
        Assert.Equal($"{_github.Url}octo/app/issues/7", outcome.Link);
        Assert.Equal($"/api/v3{IssuePath}/labels", Assert.Single(_github.Requests).Path);
    }

    [Fact]
    public async Task RemoveLabels_DeletesEachLabel_AndCountsOneNotThereAsRemoved()
    {
        // WireMock matches and logs paths decoded.
        _github.On("DELETE", $"{IssuePath}/labels/needs triage", 200, new JsonArray())
            .On("DELETE", $"{IssuePath}/labels/bug", 404, FakeGitHub.Error("Label does not exist"));

        var outcome = await _host.ApplyAsync(GitHubTargetHost.Action("remove_labels", new { repository = "octo/app", issueNumber = 7, labels = new[] { "needs triage", "bug" } }));

        Assert.Equal(TargetOutcomeKind.Applied, outcome.Kind);
        Assert.Equal(["DELETE", "DELETE"], _github.Requests.Select(request => request.Method));
        Assert.Equal([$"{IssuePath}/labels/needs triage", $"{IssuePath}/labels/bug"], _github.Requests.Select(request => request.Path));
        Assert.Equal([200, 404], _github.Statuses);
    }

    [Fact]
    public async Task Comment_PostsTheBodyEndingWithTheMarker_AndReturnsTheCommentIdAndLink()
    {
        _github.On("POST", $"{IssuePath}/comments", 201, FakeGitHub.Comment(1_234_567_890_123, "posted"));

        var outcome = await _host.ApplyAsync(GitHubTargetHost.Action("comment", new { repository = "octo/app", issueNumber = 7, body = "Looks like a **crash** in the parser." }));

        Assert.Equal(TargetOutcome.Applied("1234567890123", "https://github.com/octo/app/issues/7#issuecomment-1234567890123"), outcome);
        var request = Assert.Single(_github.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"Bearer {GitHubTargetHost.Token}", request.Headers!["Authorization"].Single());
        Assert.Equal(
            "Looks like a **crash** in the parser.\n\n" + ActionMarkers.GitHubComment("run-42/3/0"),
            (string?)JsonNode.Parse(request.Body!)!["body"]);
    }

    [Fact]
    public async Task ProposePullRequestPlan_PostsTheTitleAndATaskListWithTheMarker()
    {
        _github.On("POST", $"{IssuePath}/comments", 201, FakeGitHub.Comment(99, "plan"));
        var action = GitHubTargetHost.Action("propose_pull_request_plan", new
        {
            repository = "octo/app",
            issueNumber = 7,
            title = "Fix the parser crash",
            draft = true,
            steps = new[] { "Add a failing test", "Guard the empty token\nin Lexer.cs", "Update the changelog" },
        });

        var outcome = await _host.ApplyAsync(action);

        Assert.Equal(TargetOutcome.Applied("99", "https://github.com/octo/app/issues/7#issuecomment-99"), outcome);
        Assert.Equal(
            """
            ### Fix the parser crash

            Plan for a draft pull request resolving #7:

            - [ ] Add a failing test
            - [ ] Guard the empty token in Lexer.cs
            - [ ] Update the changelog

            <!-- ambient-action: run-42/3/0 -->
            """.ReplaceLineEndings("\n"),
            (string?)JsonNode.Parse(Assert.Single(_github.Requests).Body!)!["body"]);
    }

    public void Dispose()
    {
        _host.Dispose();
        _github.Dispose();
    }
}

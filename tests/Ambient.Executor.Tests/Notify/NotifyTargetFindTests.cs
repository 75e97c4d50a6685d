using System.Text.Json.Nodes;
using Ambient.Executor.Targets;
using Ambient.Executor.Tests.GitHub;
using Ambient.Executor.Tests.Slack;

namespace Ambient.Executor.Tests.Notify;

public sealed class NotifyTargetFindTests
{
    [Fact]
    public async Task FindAsync_SlackPostMarkedWithTheAction_IsApplied()
    {
        using var slack = new FakeSlack();
        var action = NotifyActions.IncidentReport();
        slack.Seed("C0123ABC", "unrelated");
        var ts = slack.Seed("C0123ABC", "the report", actionId: action.Id);
        slack.Seed("C0123ABC", "another report", actionId: "run-7/9/9");
        using var host = new NotifyTargetHost(NotifyTargetHost.SlackSink(0, slack.ApiUrl));

        var found = await host.FindAsync(action);

        Assert.Equal(TargetOutcome.Applied($"slack:{ts}"), found);
        var look = Assert.Single(slack.Requests);
        Assert.Equal("conversations.history", look.Method);
        Assert.Equal("C0123ABC", look.Query["channel"]);
    }

    [Fact]
    public async Task FindAsync_NoMarkedSlackPost_IsNull()
    {
        using var slack = new FakeSlack();
        slack.Seed("C0123ABC", "another report", actionId: "run-7/9/9");
        using var host = new NotifyTargetHost(NotifyTargetHost.SlackSink(0, slack.ApiUrl));

        Assert.Null(await host.FindAsync(NotifyActions.IncidentReport()));
    }

    [Fact]
    public async Task FindAsync_GitHubIssueWithTheMarker_IsApplied()
    {
        var action = NotifyActions.IncidentReport();
        using var github = new FakeGitHub().On("GET", "/repos/octo/ops/issues", 200, new JsonArray(
            NotifyTargetApplyTests.Issue(31, "something else"),
            NotifyTargetApplyTests.Issue(30, $"## Incident: db down\n\n<!-- ambient-action: {action.Id} -->"),
            NotifyTargetApplyTests.Issue(29, "## older\n\n<!-- ambient-action: run-7/1/0 -->")));
        using var host = new NotifyTargetHost(NotifyTargetHost.GitHubSink(0, github.Url));

        var found = await host.FindAsync(action);

        Assert.Equal(TargetOutcome.Applied("github:30", "https://github.com/octo/ops/issues/30"), found);
        var look = Assert.Single(github.Requests);
        Assert.Equal("/repos/octo/ops/issues", look.Path);
        Assert.Equal("2023-11-14T22:12:20Z", look.Query!["since"].ToString());
    }

    [Fact]
    public async Task FindAsync_SlackAndGitHubBothHaveIt_ListsBoth()
    {
        var action = NotifyActions.IncidentReport();
        using var slack = new FakeSlack();
        var ts = slack.Seed("C0123ABC", "the report", actionId: action.Id);
        using var github = new FakeGitHub().On("GET", "/repos/octo/ops/issues", 200, new JsonArray(
            NotifyTargetApplyTests.Issue(30, $"body\n\n<!-- ambient-action: {action.Id} -->")));
        using var host = new NotifyTargetHost([.. NotifyTargetHost.SlackSink(0, slack.ApiUrl), .. NotifyTargetHost.GitHubSink(1, github.Url)]);

        var found = await host.FindAsync(action);

        Assert.Equal(TargetOutcome.Applied($"slack:{ts};github:30", "https://github.com/octo/ops/issues/30"), found);
    }

    [Fact]
    public async Task FindAsync_OnlySlackHasIt_IsNullAndTheApplyOpensOnlyTheIssue()
    {
        var action = NotifyActions.IncidentReport();
        using var slack = new FakeSlack();
        var ts = slack.Seed("C0123ABC", "the report", actionId: action.Id);
        using var github = new FakeGitHub()
            .On("GET", "/repos/octo/ops/issues", 200, new JsonArray())
            .On("POST", "/repos/octo/ops/issues", 201, NotifyTargetApplyTests.Issue(32, "opened"));
        using var host = new NotifyTargetHost([.. NotifyTargetHost.SlackSink(0, slack.ApiUrl), .. NotifyTargetHost.GitHubSink(1, github.Url)]);

        var found = await host.FindAsync(action);
        var applied = await host.ApplyAsync(action);

        Assert.Null(found);
        Assert.Empty(slack.RequestsTo("chat.postMessage"));
        Assert.Equal(TargetOutcome.Applied($"slack:{ts};github:32", "https://github.com/octo/ops/issues/32"), applied);
    }

    [Fact]
    public async Task FindAsync_WithAWebhookSink_IsNullWithoutAsking()
    {
        using var slack = new FakeSlack();
        using var webhook = new FakeWebhook();
        using var host = new NotifyTargetHost([.. NotifyTargetHost.SlackSink(0, slack.ApiUrl), .. NotifyTargetHost.WebhookSink(1, webhook.Url)]);

        Assert.Null(await host.FindAsync(NotifyActions.IncidentReport()));
        Assert.Empty(slack.Requests);
        Assert.Empty(webhook.Requests);
    }

    [Fact]
    public async Task FindAsync_SlackHistoryUnavailable_Retries()
    {
        using var slack = new FakeSlack();
        slack.Fail("conversations.history", 503, "{}");
        using var host = new NotifyTargetHost(NotifyTargetHost.SlackSink(0, slack.ApiUrl));

        var found = await host.FindAsync(NotifyActions.IncidentReport());

        Assert.Equal(TargetOutcomeKind.Retry, found!.Kind);
        Assert.StartsWith("slack C0123ABC: ", found.Reason, StringComparison.Ordinal);
    }
}

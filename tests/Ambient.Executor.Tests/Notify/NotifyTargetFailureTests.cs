using System.Diagnostics;
using System.Text.Json.Nodes;
using Ambient.Executor.Targets;
using Ambient.Executor.Tests.GitHub;
using Ambient.Executor.Tests.Slack;
using Ambient.Testing;

namespace Ambient.Executor.Tests.Notify;

public sealed class NotifyTargetFailureTests
{
    [Fact]
    public async Task ApplyAsync_Webhook500_RetriesAfterWhatItAsked()
    {
        using var webhook = new FakeWebhook();
        webhook.Answer(500, ("Retry-After", "7"));
        using var host = new NotifyTargetHost(NotifyTargetHost.WebhookSink(0, webhook.Url));

        var outcome = await host.ApplyAsync(NotifyActions.IncidentReport());

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), outcome.RetryAfter);
        Assert.StartsWith($"webhook {new Uri(webhook.Url).GetLeftPart(UriPartial.Authority)}: HTTP 500", outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("t0ps3cret", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_Webhook404_FailsNamingTheSinkAndItsAnswer()
    {
        using var webhook = new FakeWebhook();
        webhook.Answer(404);
        using var host = new NotifyTargetHost(NotifyTargetHost.WebhookSink(0, webhook.Url));

        var outcome = await host.ApplyAsync(NotifyActions.IncidentReport());

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.Equal($"webhook {new Uri(webhook.Url).GetLeftPart(UriPartial.Authority)}: HTTP 404 Not Found: nope", outcome.Reason);
    }

    [Fact]
    public async Task ApplyAsync_WebhookHangsPastTheTimeout_Retries()
    {
        using var hung = new SilentServer();
        using var host = new NotifyTargetHost([.. NotifyTargetHost.WebhookSink(0, hung.Url + "hook"), ("Notify:Timeout", "00:00:01")]);
        var clock = Stopwatch.StartNew();

        var outcome = await host.ApplyAsync(NotifyActions.IncidentReport());

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.Contains("no answer within 1 s", outcome.Reason, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ApplyAsync_WebhookUnreachable_Retries()
    {
        string url;
        using (var stopped = new FakeWebhook())
        {
            url = stopped.Url;
        }

        using var host = new NotifyTargetHost(NotifyTargetHost.WebhookSink(0, url));

        var outcome = await host.ApplyAsync(NotifyActions.IncidentReport());

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.Contains("ConnectionError", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_SlackRefusesTheChannel_FailsNamingTheSinkButStillDeliversToTheOthers()
    {
        using var slack = new FakeSlack();
        slack.Refuse("chat.postMessage", "channel_not_found");
        using var webhook = new FakeWebhook();
        using var host = new NotifyTargetHost([.. NotifyTargetHost.SlackSink(0, slack.ApiUrl), .. NotifyTargetHost.WebhookSink(1, webhook.Url)]);

        var outcome = await host.ApplyAsync(NotifyActions.IncidentReport());

        Assert.Single(webhook.Requests);
        Assert.Equal(TargetOutcome.Failed("slack C0123ABC: slack chat.postMessage: channel_not_found (delivered: webhook:200)"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_GitHubRateLimited_RetriesUntilTheReset()
    {
        using var github = new FakeGitHub()
            .On("GET", "/repos/octo/ops/issues", 200, new JsonArray())
            .On("POST", "/repos/octo/ops/issues", 403, FakeGitHub.Error("API rate limit exceeded"), ("Retry-After", "30"));
        using var host = new NotifyTargetHost(NotifyTargetHost.GitHubSink(0, github.Url));

        var outcome = await host.ApplyAsync(NotifyActions.IncidentReport());

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), outcome.RetryAfter);
        Assert.Contains("github-issue octo/ops: HTTP 403", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_GitHubRepositoryMissing_FailsNamingTheSink()
    {
        using var github = new FakeGitHub()
            .On("GET", "/repos/octo/ops/issues", 200, new JsonArray())
            .On("POST", "/repos/octo/ops/issues", 404, FakeGitHub.Error("Not Found"));
        using var host = new NotifyTargetHost(NotifyTargetHost.GitHubSink(0, github.Url));

        var outcome = await host.ApplyAsync(NotifyActions.IncidentReport());

        Assert.Equal(TargetOutcome.Failed("github-issue octo/ops: HTTP 404 Not Found: Not Found"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_RetryAfterTheWebhookFailed_DoesNotPostToSlackAgain()
    {
        using var slack = new FakeSlack();
        using var webhook = new FakeWebhook();
        webhook.Answer(503);
        using var host = new NotifyTargetHost([.. NotifyTargetHost.SlackSink(0, slack.ApiUrl), .. NotifyTargetHost.WebhookSink(1, webhook.Url)]);
        var action = NotifyActions.IncidentReport();

        var first = await host.ApplyAsync(action);
        webhook.Answer(200);
        var found = await host.FindAsync(action);
        var second = await host.ApplyAsync(action);

        Assert.Equal(TargetOutcomeKind.Retry, first.Kind);
        Assert.Equal("webhook " + new Uri(webhook.Url).GetLeftPart(UriPartial.Authority) + ": HTTP 503 Service Unavailable: nope (delivered: slack:1700000001.000001)", first.Reason);

        // A webhook cannot be searched, so the action is not found whole; the apply skips Slack, which has it.
        Assert.Null(found);
        Assert.Single(slack.RequestsTo("chat.postMessage"));
        Assert.Equal(2, webhook.Requests.Count);
        Assert.Equal(TargetOutcome.Applied("slack:1700000001.000001;webhook:200"), second);
    }

    [Fact]
    public async Task ApplyAsync_NoSlackToken_FailsNamingTheKey()
    {
        using var slack = new FakeSlack();
        using var host = new NotifyTargetHost([.. NotifyTargetHost.SlackSink(0, slack.ApiUrl), ("Slack:BotToken", "")]);

        var outcome = await host.ApplyAsync(NotifyActions.IncidentReport());

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("Ambient:Executors:Slack:BotToken", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(slack.Requests);
    }
}

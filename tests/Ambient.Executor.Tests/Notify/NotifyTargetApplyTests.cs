using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ambient.Executor.Targets;
using Ambient.Executor.Tests.GitHub;
using Ambient.Executor.Tests.Slack;

namespace Ambient.Executor.Tests.Notify;

public sealed class NotifyTargetApplyTests
{
    [Fact]
    public async Task ApplyAsync_SlackSink_PostsTheReportAsMrkdwnMarkedWithTheActionId()
    {
        using var slack = new FakeSlack();
        using var host = new NotifyTargetHost(NotifyTargetHost.SlackSink(0, slack.ApiUrl));
        var action = NotifyActions.IncidentReport();

        var outcome = await host.ApplyAsync(action);

        // It looks for an earlier post first, then posts.
        Assert.Equal(["conversations.history", "chat.postMessage"], slack.Requests.Select(request => request.Method));
        Assert.Equal("true", slack.Requests[0].Query["include_all_metadata"]);
        var post = slack.Requests[1];
        Assert.Equal("Bearer " + NotifyTargetHost.BotToken, post.Authorization);
        Assert.Equal("C0123ABC", (string?)post.Body!["channel"]);
        Assert.Equal("ambient_action", (string?)post.Body["metadata"]!["event_type"]);
        Assert.Equal(action.Id, (string?)post.Body["metadata"]!["event_payload"]!["action_id"]);
        Assert.Equal(
            """
            :rotating_light: *Incident: db down*
            *Severity:* critical
            *Cause:* the primary ran out of disk
            *Impact:* checkout fails for &lt;all&gt; users &amp; admins
            *Resolution:*
            1. fail over to the replica
            2. grow the volume
            *Prevention:*
            • alert at 80% disk
            """.ReplaceLineEndings("\n"),
            (string?)post.Body["text"]);
        Assert.Equal(TargetOutcome.Applied("slack:1700000001.000001"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_GitHubIssueSink_OpensAnIssueWhoseBodyEndsWithTheMarker()
    {
        using var github = new FakeGitHub()
            .On("GET", "/repos/octo/ops/issues", 200, new JsonArray())
            .On("POST", "/repos/octo/ops/issues", 201, Issue(17, "opened"));
        using var host = new NotifyTargetHost(NotifyTargetHost.GitHubSink(0, github.Url));
        var action = NotifyActions.SendEmail(["oncall@example.com", "lead@example.com"], "Deploy rolled back", "The deploy of **v42** was rolled back.");

        var outcome = await host.ApplyAsync(action);

        Assert.Equal(["GET", "POST"], github.Requests.Select(request => request.Method));
        var look = github.Requests[0];
        Assert.Equal("all", look.Query!["state"].ToString());
        Assert.Equal("created", look.Query["sort"].ToString());
        Assert.Equal("desc", look.Query["direction"].ToString());
        Assert.Equal("50", look.Query["per_page"].ToString());
        var create = github.Requests[1];
        Assert.Equal("/repos/octo/ops/issues", create.Path);
        Assert.Equal("Bearer " + NotifyTargetHost.GitHubToken, FakeWebhook.Header(create, "Authorization"));
        Assert.Equal("application/vnd.github+json", FakeWebhook.Header(create, "Accept"));
        Assert.StartsWith("Ambient", FakeWebhook.Header(create, "User-Agent"), StringComparison.Ordinal);
        var issue = JsonNode.Parse(create.Body!)!;
        Assert.Equal("Deploy rolled back", (string?)issue["title"]);
        Assert.Equal(
            "**To:** oncall@example.com, lead@example.com\n\nThe deploy of **v42** was rolled back.\n\n<!-- ambient-action: run-7/2/0 -->",
            (string?)issue["body"]);
        Assert.Equal(TargetOutcome.Applied("github:17", "https://github.com/octo/ops/issues/17"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_IncidentToGitHub_TitlesTheIssueWithTheSeverity()
    {
        using var github = new FakeGitHub()
            .On("GET", "/repos/octo/ops/issues", 200, new JsonArray())
            .On("POST", "/repos/octo/ops/issues", 201, Issue(18, "opened"));
        using var host = new NotifyTargetHost(NotifyTargetHost.GitHubSink(0, github.Url));

        await host.ApplyAsync(NotifyActions.IncidentReport());

        var issue = JsonNode.Parse(github.Requests[1].Body!)!;
        Assert.Equal("[critical] db down", (string?)issue["title"]);
        var body = (string)issue["body"]!;
        Assert.StartsWith("## Incident: db down\n\n**Severity:** critical\n\n**Cause:** the primary ran out of disk", body, StringComparison.Ordinal);
        Assert.Contains("### Resolution\n\n1. fail over to the replica\n2. grow the volume\n", body, StringComparison.Ordinal);
        Assert.Contains("### Prevention\n\n- alert at 80% disk\n", body, StringComparison.Ordinal);
        Assert.EndsWith("\n\n<!-- ambient-action: run-7/2/1 -->", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_WebhookSinkWithSecret_PostsTheActionSignedWithHmacSha256()
    {
        using var webhook = new FakeWebhook();
        using var host = new NotifyTargetHost(NotifyTargetHost.WebhookSink(0, webhook.Url, secret: "s3cret"));
        var action = NotifyActions.SendEmail(["oncall@example.com"], "Heads up", "Disk at 85%.");

        var outcome = await host.ApplyAsync(action);

        var request = Assert.Single(webhook.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/ambient", request.Path);
        Assert.Equal("t0ps3cret", request.Query!["token"].ToString());
        Assert.Equal("application/json; charset=utf-8", FakeWebhook.Header(request, "Content-Type"));
        Assert.Equal(action.Id, FakeWebhook.Header(request, "X-Ambient-Action-Id"));
        var body = request.BodyData!.BodyAsBytes!;
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), body));
        Assert.Equal(expected, FakeWebhook.Header(request, "X-Ambient-Signature"));
        Assert.Equal(
            """{"actionId":"run-7/2/0","agent":"oncall","runId":"run-7","operation":"send_email","to":["oncall@example.com"],"subject":"Heads up","body":"Disk at 85%."}""",
            Encoding.UTF8.GetString(body));
        Assert.Equal(TargetOutcome.Applied("webhook:200"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_WebhookSinkWithoutSecret_SendsNoSignature()
    {
        using var webhook = new FakeWebhook();
        using var host = new NotifyTargetHost(NotifyTargetHost.WebhookSink(0, webhook.Url));

        var outcome = await host.ApplyAsync(NotifyActions.IncidentReport());

        var request = Assert.Single(webhook.Requests);
        Assert.Null(FakeWebhook.Header(request, "X-Ambient-Signature"));
        var payload = JsonNode.Parse(request.BodyData!.BodyAsBytes!)!;
        Assert.Equal("incident_report", (string?)payload["operation"]);
        Assert.Equal("grow the volume", (string?)payload["resolution"]![1]);
        Assert.Equal(TargetOutcome.Applied("webhook:200"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_AllThreeSinks_DeliversToEachAndListsTheirIds()
    {
        using var slack = new FakeSlack();
        using var github = new FakeGitHub()
            .On("GET", "/repos/octo/ops/issues", 200, new JsonArray())
            .On("POST", "/repos/octo/ops/issues", 201, Issue(21, "opened"));
        using var webhook = new FakeWebhook();
        using var host = new NotifyTargetHost(
            [.. NotifyTargetHost.SlackSink(0, slack.ApiUrl), .. NotifyTargetHost.GitHubSink(1, github.Url), .. NotifyTargetHost.WebhookSink(2, webhook.Url, "k")]);

        var outcome = await host.ApplyAsync(NotifyActions.IncidentReport());

        Assert.Single(slack.RequestsTo("chat.postMessage"));
        Assert.Single(github.Requests, request => request.Method == "POST");
        Assert.Single(webhook.Requests);
        Assert.Equal(TargetOutcome.Applied("slack:1700000001.000001;github:21;webhook:200", "https://github.com/octo/ops/issues/21"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_NoSinks_FailsNamingTheKey()
    {
        using var host = new NotifyTargetHost();

        var outcome = await host.ApplyAsync(NotifyActions.IncidentReport());

        Assert.Equal(TargetOutcome.Failed("no notification sinks configured under Ambient:Executors:Notify:Sinks"), outcome);
    }

    internal static JsonObject Issue(long number, string body) => new()
    {
        ["id"] = 9000 + number,
        ["number"] = number,
        ["title"] = "t",
        ["body"] = body,
        ["html_url"] = $"https://github.com/octo/ops/issues/{number}",
        ["state"] = "open",
    };
}

using System.Net;
using System.Net.Sockets;
using Ambient.Executor.Targets;

namespace Ambient.Executor.Tests.Slack;

public sealed class SlackTargetFailureTests
{
    [Fact]
    public async Task ApplyAsync_Http429_IsRetryAfterItsRetryAfterWithoutRetryingInside()
    {
        using var slack = new FakeSlack();
        slack.Fail("chat.postMessage", 429, """{"ok":false,"error":"ratelimited"}""", ("Retry-After", "12"));
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.ApplyAsync(SlackActions.PostMessage("C0123ABC", "hello"), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.Equal(TimeSpan.FromSeconds(12), outcome.RetryAfter);
        Assert.Single(slack.Requests);
    }

    [Fact]
    public async Task ApplyAsync_RatelimitedInAnOkResponse_IsRetry()
    {
        using var slack = new FakeSlack();
        slack.Refuse("reactions.add", "ratelimited");
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.ApplyAsync(SlackActions.AddReaction("C0123ABC", "1700000000.000100", "eyes"), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcome.Retry("slack reactions.add: ratelimited"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_ChannelNotFound_FailsNamingTheError()
    {
        using var slack = new FakeSlack();
        slack.Refuse("chat.postMessage", "channel_not_found");
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.ApplyAsync(SlackActions.PostMessage("C0123ABC", "hello"), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcome.Failed("slack chat.postMessage: channel_not_found"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_InvalidAuth_Fails()
    {
        using var slack = new FakeSlack();
        slack.Refuse("chat.postMessage", "invalid_auth");
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.ApplyAsync(SlackActions.PostMessage("C0123ABC", "hello"), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcome.Failed("slack chat.postMessage: invalid_auth"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_ServerErrorOnAReaction_IsRetryAfterTheHandlersOwnRetries()
    {
        using var slack = new FakeSlack();
        slack.Fail("reactions.add", 500, """{"ok":false,"error":"internal_error"}""");
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.ApplyAsync(SlackActions.AddReaction("C0123ABC", "1700000000.000100", "eyes"), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcome.Retry("slack reactions.add: HTTP 500"), outcome);
        Assert.Equal(3, slack.Requests.Count);
    }

    [Fact]
    public async Task ApplyAsync_ServerErrorOnAPost_IsRetryWithoutPostingAgain()
    {
        using var slack = new FakeSlack();
        slack.Fail("chat.postMessage", 502, "<html>Bad Gateway</html>");
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.ApplyAsync(SlackActions.PostMessage("C0123ABC", "hello"), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcome.Retry("slack chat.postMessage: HTTP 502"), outcome);
        Assert.Single(slack.Requests);
    }

    [Fact]
    public async Task ApplyAsync_SlackHangsPastTheTimeout_IsRetry()
    {
        using var slack = new FakeSlack();
        slack.Hang("chat.postMessage");
        using var host = new SlackTargetHost(slack.ApiUrl, timeout: TimeSpan.FromSeconds(1));

        var outcome = await host.Target.ApplyAsync(SlackActions.PostMessage("C0123ABC", "hello"), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.StartsWith("slack chat.postMessage: no answer within", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindAsync_SlackHangsPastTheTimeout_IsRetry()
    {
        using var slack = new FakeSlack();
        slack.Hang("conversations.history");
        using var host = new SlackTargetHost(slack.ApiUrl, timeout: TimeSpan.FromSeconds(1));

        var outcome = await host.Target.FindAsync(SlackActions.PostMessage("C0123ABC", "hello"), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcomeKind.Retry, outcome?.Kind);
    }

    [Fact]
    public async Task ApplyAsync_ConnectionRefused_IsRetry()
    {
        using var host = new SlackTargetHost($"http://127.0.0.1:{ClosedPort()}/api/");

        var outcome = await host.Target.ApplyAsync(SlackActions.PostMessage("C0123ABC", "hello"), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcomeKind.Retry, outcome.Kind);
        Assert.StartsWith("slack chat.postMessage: ConnectionError", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_WithoutBotToken_FailsNamingTheKeyWithoutCallingSlack()
    {
        using var slack = new FakeSlack();
        using var host = new SlackTargetHost(slack.ApiUrl, botToken: null);

        var outcome = await host.Target.ApplyAsync(SlackActions.PostMessage("C0123ABC", "hello"), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcomeKind.Failed, outcome.Kind);
        Assert.Contains("Ambient:Executors:Slack:BotToken", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(slack.Requests);
    }

    [Fact]
    public async Task ApplyAsync_CancelledByTheExecutor_ThrowsRatherThanAskingForARetry()
    {
        using var slack = new FakeSlack();
        using var host = new SlackTargetHost(slack.ApiUrl);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            host.Target.ApplyAsync(SlackActions.PostMessage("C0123ABC", "hello"), ApplyContext.None, new CancellationToken(canceled: true)));
    }

    // A port nothing listens on: bound once by the system, then let go.
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using Ambient.Executor.Targets;

namespace Ambient.Executor.Tests.Slack;

public sealed class SlackTargetFormatTests
{
    [Fact]
    public async Task ApplyAsync_WithoutChannel_ThrowsNamingTheActionTheOperationAndTheArgument()
    {
        using var slack = new FakeSlack();
        using var host = new SlackTargetHost(slack.ApiUrl);
        var action = SlackActions.Action("run-1/3/0", "post_message", new { text = "hello" });

        var error = await Assert.ThrowsAsync<ActionFormatException>(() => host.Target.ApplyAsync(action, ApplyContext.None, TestContext.Current.CancellationToken));

        Assert.Equal("slack action run-1/3/0 (post_message): 'channel' is missing", error.Message);
        Assert.Empty(slack.Requests);
    }

    [Fact]
    public async Task ApplyAsync_UnknownOperation_ThrowsNamingIt()
    {
        using var slack = new FakeSlack();
        using var host = new SlackTargetHost(slack.ApiUrl);
        var action = SlackActions.Action("run-1/3/0", "archive_channel", new { channel = "C0123ABC" });

        var error = await Assert.ThrowsAsync<ActionFormatException>(() => host.Target.ApplyAsync(action, ApplyContext.None, TestContext.Current.CancellationToken));

        Assert.StartsWith("slack action run-1/3/0 (archive_channel): unknown operation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScopeOf_MalformedThreadTs_Throws()
    {
        using var host = new SlackTargetHost("http://127.0.0.1:9/api/");

        var error = Assert.Throws<ActionFormatException>(() => host.Target.ScopeOf(SlackActions.ReplyInThread("C0123ABC", "yesterday", "hi")));

        Assert.Equal("slack action run-1/3/1 (reply_in_thread): 'threadTs' is 'yesterday', not a Slack timestamp such as 1700000000.000100", error.Message);
    }

    [Fact]
    public void ScopeOf_ChannelWithAPath_Throws()
    {
        using var host = new SlackTargetHost("http://127.0.0.1:9/api/");

        Assert.Throws<ActionFormatException>(() => host.Target.ScopeOf(SlackActions.PostMessage("C01/../admin", "hi")));
    }

    [Fact]
    public void ScopeOf_IsTheChannel()
    {
        using var host = new SlackTargetHost("http://127.0.0.1:9/api/");

        Assert.Equal("C0123ABC", host.Target.ScopeOf(SlackActions.PostMessage("C0123ABC", "hi")));
        Assert.Equal("C0999XYZ", host.Target.ScopeOf(SlackActions.DeleteMessage("C0999XYZ", "run-1/3/0")));
    }

    [Fact]
    public void Describe_SaysTheMethodChannelThreadAndTextLength()
    {
        using var host = new SlackTargetHost("http://127.0.0.1:9/api/");

        var reply = host.Target.Describe(SlackActions.ReplyInThread("C0123ABC", "1700000000.000100", new string('x', 120)), ApplyContext.None);
        var delete = host.Target.Describe(SlackActions.DeleteMessage("C0123ABC", "run-1/3/0"), new ApplyContext("1700000005.000005"));

        Assert.Equal("POST chat.postMessage channel=C0123ABC thread=1700000000.000100 (text, 120 chars)", reply);
        Assert.Equal("POST chat.delete channel=C0123ABC ts=1700000005.000005", delete);
    }
}

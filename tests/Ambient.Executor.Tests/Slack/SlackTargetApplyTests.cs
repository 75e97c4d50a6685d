using Ambient.Executor.Targets;

namespace Ambient.Executor.Tests.Slack;

public sealed class SlackTargetApplyTests
{
    [Fact]
    public async Task ApplyAsync_PostMessage_PostsTheTextMarkedWithTheActionIdAndReturnsItsTs()
    {
        using var slack = new FakeSlack();
        using var host = new SlackTargetHost(slack.ApiUrl);
        var action = SlackActions.PostMessage("C0123ABC", "Build 42 failed on main.");

        var outcome = await host.Target.ApplyAsync(action, ApplyContext.None, TestContext.Current.CancellationToken);

        var post = Assert.Single(slack.Requests);
        Assert.Equal(("POST", "chat.postMessage"), (post.HttpMethod, post.Method));
        Assert.Equal("Bearer " + SlackTargetHost.BotToken, post.Authorization);
        Assert.Equal("application/json; charset=utf-8", post.ContentType);
        Assert.Equal("C0123ABC", (string?)post.Body!["channel"]);
        Assert.Equal("Build 42 failed on main.", (string?)post.Body["text"]);
        Assert.Equal("ambient_action", (string?)post.Body["metadata"]!["event_type"]);
        Assert.Equal(action.Id, (string?)post.Body["metadata"]!["event_payload"]!["action_id"]);
        Assert.False(post.Body.ContainsKey("thread_ts"));
        Assert.Equal(TargetOutcome.Applied("1700000001.000001"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_ReplyInThread_PostsWithThreadTs()
    {
        using var slack = new FakeSlack();
        var thread = slack.Seed("C0123ABC", "Deploy started");
        using var host = new SlackTargetHost(slack.ApiUrl);
        var action = SlackActions.ReplyInThread("C0123ABC", thread, "Deploy finished.");

        var outcome = await host.Target.ApplyAsync(action, ApplyContext.None, TestContext.Current.CancellationToken);

        var post = Assert.Single(slack.RequestsTo("chat.postMessage"));
        Assert.Equal(thread, (string?)post.Body!["thread_ts"]);
        Assert.Equal("Deploy finished.", (string?)post.Body["text"]);
        Assert.Equal(action.Id, (string?)post.Body["metadata"]!["event_payload"]!["action_id"]);
        Assert.Equal(TargetOutcome.Applied("1700000002.000002"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_AddReaction_ReactsToTheMessage()
    {
        using var slack = new FakeSlack();
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.ApplyAsync(SlackActions.AddReaction("C0123ABC", "1700000000.000100", ":eyes:"), ApplyContext.None, TestContext.Current.CancellationToken);

        var reaction = Assert.Single(slack.Requests);
        Assert.Equal(("POST", "reactions.add"), (reaction.HttpMethod, reaction.Method));
        Assert.Equal("Bearer " + SlackTargetHost.BotToken, reaction.Authorization);
        Assert.Equal("""{"channel":"C0123ABC","timestamp":"1700000000.000100","name":"eyes"}""", reaction.Body!.ToJsonString());
        Assert.Equal(TargetOutcome.Applied("1700000000.000100"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_AlreadyReacted_IsApplied()
    {
        using var slack = new FakeSlack();
        slack.Refuse("reactions.add", "already_reacted");
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.ApplyAsync(SlackActions.AddReaction("C0123ABC", "1700000000.000100", "eyes"), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcome.Applied("1700000000.000100"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_DeleteMessage_DeletesTheTsThePostRecorded()
    {
        using var slack = new FakeSlack();
        using var host = new SlackTargetHost(slack.ApiUrl);
        var compensation = SlackActions.DeleteMessage("C0123ABC", actionId: "run-1/3/0");

        var outcome = await host.Target.ApplyAsync(compensation, new ApplyContext("1700000005.000005"), TestContext.Current.CancellationToken);

        var delete = Assert.Single(slack.Requests);
        Assert.Equal(("POST", "chat.delete"), (delete.HttpMethod, delete.Method));
        Assert.Equal("""{"channel":"C0123ABC","ts":"1700000005.000005"}""", delete.Body!.ToJsonString());
        Assert.Equal(TargetOutcome.Applied("1700000005.000005"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_DeleteOfAMessageAlreadyGone_IsApplied()
    {
        using var slack = new FakeSlack();
        slack.Refuse("chat.delete", "message_not_found");
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.ApplyAsync(SlackActions.DeleteMessage("C0123ABC", "run-1/3/0"), new ApplyContext("1700000005.000005"), TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcome.Applied("1700000005.000005"), outcome);
    }

    [Fact]
    public async Task ApplyAsync_DeleteOfAPostThatNeverApplied_FailsWithoutCallingSlack()
    {
        using var slack = new FakeSlack();
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.ApplyAsync(SlackActions.DeleteMessage("C0123ABC", "run-1/3/0"), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcome.Failed("the message it undoes was never posted"), outcome);
        Assert.Empty(slack.Requests);
    }
}

using Ambient.Executor.Targets;

namespace Ambient.Executor.Tests.Slack;

public sealed class SlackTargetFindTests
{
    [Fact]
    public async Task FindAsync_PostMarkedOnTheSecondPageOfHistory_IsAppliedWithItsTs()
    {
        using var slack = new FakeSlack { PageSize = 2 };
        var action = SlackActions.PostMessage("C0123ABC", "Build 42 failed on main.");
        var posted = slack.Seed("C0123ABC", "Build 42 failed on main.", actionId: action.Id);
        slack.Seed("C0123ABC", "someone else's message");
        slack.Seed("C0123ABC", "another run's post", actionId: "run-2/1/0");
        slack.Seed("C0999XYZ", "same action id, other channel", actionId: action.Id);
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.FindAsync(action, ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcome.Applied(posted), outcome);
        var pages = slack.RequestsTo("conversations.history");
        Assert.Equal(2, pages.Count);
        Assert.All(pages, page =>
        {
            Assert.Equal("GET", page.HttpMethod);
            Assert.Equal("Bearer " + SlackTargetHost.BotToken, page.Authorization);
            Assert.Equal("C0123ABC", page.Query["channel"]);
            Assert.Equal("true", page.Query["include_all_metadata"]);
            Assert.Equal("200", page.Query["limit"]);
            Assert.Equal("1699999940.000000", page.Query["oldest"]);
        });
        Assert.DoesNotContain("cursor", pages[0].Query.Keys);
        Assert.Equal("page:2", pages[1].Query["cursor"]);
    }

    [Fact]
    public async Task FindAsync_PostNeverMade_IsNullAfterTheLastPage()
    {
        using var slack = new FakeSlack { PageSize = 2 };
        slack.Seed("C0123ABC", "someone else's message");
        slack.Seed("C0123ABC", "another run's post", actionId: "run-2/1/0");
        slack.Seed("C0123ABC", "a third message");
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.FindAsync(SlackActions.PostMessage("C0123ABC", "Build 42 failed."), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Null(outcome);
        Assert.Equal(2, slack.RequestsTo("conversations.history").Count);
    }

    [Fact]
    public async Task FindAsync_AfterAnApply_FindsWhatTheApplyPosted()
    {
        using var slack = new FakeSlack();
        using var host = new SlackTargetHost(slack.ApiUrl);
        var action = SlackActions.PostMessage("C0123ABC", "Build 42 failed on main.");
        var applied = await host.Target.ApplyAsync(action, ApplyContext.None, TestContext.Current.CancellationToken);

        var found = await host.Target.FindAsync(action, ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(applied, found);
    }

    [Fact]
    public async Task FindAsync_ReplyMarkedInTheThread_IsAppliedWithItsTs()
    {
        using var slack = new FakeSlack();
        var thread = slack.Seed("C0123ABC", "Deploy started");
        var action = SlackActions.ReplyInThread("C0123ABC", thread, "Deploy finished.");
        slack.Seed("C0123ABC", "first!", thread: thread);
        var reply = slack.Seed("C0123ABC", "Deploy finished.", actionId: action.Id, thread: thread);
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.FindAsync(action, ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcome.Applied(reply), outcome);
        var replies = Assert.Single(slack.Requests);
        Assert.Equal(("GET", "conversations.replies"), (replies.HttpMethod, replies.Method));
        Assert.Equal(thread, replies.Query["ts"]);
        Assert.Equal("C0123ABC", replies.Query["channel"]);
        Assert.Equal("true", replies.Query["include_all_metadata"]);
    }

    [Fact]
    public async Task FindAsync_ReplyNotInTheThread_IsNull()
    {
        using var slack = new FakeSlack();
        var thread = slack.Seed("C0123ABC", "Deploy started");
        slack.Seed("C0123ABC", "first!", thread: thread);
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.FindAsync(SlackActions.ReplyInThread("C0123ABC", thread, "Deploy finished."), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Null(outcome);
    }

    [Fact]
    public async Task FindAsync_WithoutTheHistoryScope_FailsRatherThanSayingNotThere()
    {
        using var slack = new FakeSlack();
        slack.Refuse("conversations.history", "missing_scope", new() { ["needed"] = "channels:history", ["provided"] = "chat:write" });
        using var host = new SlackTargetHost(slack.ApiUrl);

        var outcome = await host.Target.FindAsync(SlackActions.PostMessage("C0123ABC", "Build 42 failed."), ApplyContext.None, TestContext.Current.CancellationToken);

        Assert.Equal(TargetOutcome.Failed("slack conversations.history: missing_scope (the bot token needs channels:history)"), outcome);
    }

    [Fact]
    public async Task FindAsync_ReactionOrDelete_IsNullWithoutCallingSlack()
    {
        using var slack = new FakeSlack();
        using var host = new SlackTargetHost(slack.ApiUrl);

        var reaction = await host.Target.FindAsync(SlackActions.AddReaction("C0123ABC", "1700000000.000100", "eyes"), ApplyContext.None, TestContext.Current.CancellationToken);
        var delete = await host.Target.FindAsync(SlackActions.DeleteMessage("C0123ABC", "run-1/3/0"), new ApplyContext("1700000005.000005"), TestContext.Current.CancellationToken);

        Assert.Null(reaction);
        Assert.Null(delete);
        Assert.Empty(slack.Requests);
    }
}

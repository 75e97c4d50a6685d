using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ambient.Executor.Ledger;
using Ambient.Governance.Approvals;
using Ambient.Executor.Targets;
using Ambient.Executor.Tests.GitHub;
using Ambient.Testing;

namespace Ambient.Executor.Tests.Execution;

/// <summary>
/// The executor as shipped, on the embedded broker, against a WireMock GitHub: actions published the way workers
/// publish them reach the fake once, whatever the redeliveries and crashes, and their outcomes flow back.
/// </summary>
public sealed class ExecutorEndToEndTests(KafkaFixture kafka)
{
    private static (string, string)[] Apply(FakeGitHub github, params (string, string)[] more) =>
    [
        ("Ambient:Executors:GitHub:BaseUrl", github.Url),
        ("Ambient:Executors:GitHub:Token", "ghs_test"),
        ("Ambient:Executors:GitHub:Mode", "apply"),
        .. more,
    ];

    private static object Comment => new { repository = "octo/app", issueNumber = 7, body = "Looks like a duplicate of #3." };

    [Fact]
    public async Task Apply_AnActionDeliveredTwice_ReachesGitHubOnceAndItsOutcomeIsLedgeredPublishedAndAudited()
    {
        using var github = new FakeGitHub().On("POST", "/repos/octo/app/issues/7/comments", 201, FakeGitHub.Comment(901, "ok"));
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.StartAsync(Apply(github));
        var action = ExecutorHarness.Action("run-a/act/0", "comment", Comment);

        await executor.PublishAsync(action);
        await executor.PublishAsync(action);
        var entry = await executor.FinalEntryAsync(action.Id);
        // The second delivery is behind the first in the same partition: once it is committed, both were handled.
        await Eventually.UntilAsync(() => executor.Records(executor.Topics.ActionEvents).Count >= 1, TestContext.Current.CancellationToken);
        await executor.StopAsync();

        Assert.Equal(LedgerStates.Applied, entry.State);
        Assert.Equal("901", entry.ExternalId);
        var posts = github.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Single(posts);
        Assert.EndsWith(ActionMarkers.GitHubComment(action.Id), JsonNode.Parse(posts[0].Body!)!["body"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["started", "applied"], executor.Records(executor.Topics.ActionResults).Select(r => LedgerEntry.TryRead(r.Message.Value)!.State));

        var outcome = Assert.Single(executor.Records(executor.Topics.ActionEvents));
        Assert.Equal("io.ambient.action.applied", Header(outcome, "ce_type"));
        Assert.Equal($"{action.Id}/applied", Header(outcome, "ce_id"));
        Assert.Equal("octo/app#7", outcome.Message.Key);
        using var data = JsonDocument.Parse(outcome.Message.Value);
        Assert.Equal("901", data.RootElement.GetProperty("externalId").GetString());
        Assert.Equal("https://github.com/octo/app/issues/7#issuecomment-901", data.RootElement.GetProperty("link").GetString());

        var audit = AmbientRecordReader.Audit(Assert.Single(executor.Records(executor.Topics.Audit)).Message.Value);
        Assert.Equal("action-applied", audit.Outcome);
        Assert.Equal([action.Id], audit.ActionIds);
    }

    [Fact]
    public async Task DryRun_TheDefault_SendsNothingAndLedgersWhatItWouldHaveSent()
    {
        using var github = new FakeGitHub();
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.StartAsync(("Ambient:Executors:GitHub:BaseUrl", github.Url), ("Ambient:Executors:GitHub:Token", "ghs_test"));
        var action = ExecutorHarness.Action("run-d/act/0", "comment", Comment);

        await executor.PublishAsync(action);
        var entry = await executor.FinalEntryAsync(action.Id);

        Assert.Equal(LedgerStates.Skipped, entry.State);
        Assert.StartsWith("dry-run: would send POST /repos/octo/app/issues/7/comments", entry.Reason, StringComparison.Ordinal);
        Assert.Empty(github.Requests);
        Assert.Equal("io.ambient.action.skipped", Header(Assert.Single(executor.Records(executor.Topics.ActionEvents)), "ce_type"));
    }

    [Fact]
    public async Task Scope_AnActionOutsideItsAgentsRepositories_IsRefusedAndNothingIsSent()
    {
        using var github = new FakeGitHub();
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.StartAsync(Apply(github, ("Ambient:Executors:GitHub:Scopes:triage:0", "octo/docs-*")));
        var action = ExecutorHarness.Action("run-s/act/0", "comment", Comment);

        await executor.PublishAsync(action);
        var entry = await executor.FinalEntryAsync(action.Id);

        Assert.Equal(LedgerStates.Skipped, entry.State);
        Assert.Contains("'octo/app' is outside the scope of agent 'triage' on github (octo/docs-*)", entry.Reason, StringComparison.Ordinal);
        Assert.Empty(github.Requests);
    }

    [Fact]
    public async Task Interrupted_StartedWithoutAFinalEntry_IsReconciledFromTheMarkerNotPostedAgain()
    {
        // The state a crash leaves after GitHub created the comment and before the ledger's final entry.
        var action = ExecutorHarness.Action("run-i/act/0", "comment", Comment);
        using var github = new FakeGitHub()
            .Page("/repos/octo/app/issues/7/comments", 1, [FakeGitHub.Comment(77, "Looks like a duplicate of #3.\n\n" + ActionMarkers.GitHubComment(action.Id))], nextPage: null)
            .On("POST", "/repos/octo/app/issues/7/comments", 201, FakeGitHub.Comment(78, "again"));
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.WriteLedgerAsync(new LedgerEntry(action.Id, LedgerStates.Started, "github", "comment", "triage", "run-i", null, null, null, false, TimeProvider.System.GetUtcNow()));
        await executor.StartAsync(Apply(github));

        await executor.PublishAsync(action);
        var entry = await executor.FinalEntryAsync(action.Id);

        Assert.Equal(LedgerStates.Applied, entry.State);
        Assert.Equal("77", entry.ExternalId);
        Assert.DoesNotContain(github.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Compensation_DeletesTheCommentTheUndoneActionCreated()
    {
        using var github = new FakeGitHub().On("DELETE", "/repos/octo/app/issues/comments/4242", 204);
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.WriteLedgerAsync(new LedgerEntry("run-c/act/0", LedgerStates.Applied, "github", "comment", "triage", "run-c", "4242", null, null, false, TimeProvider.System.GetUtcNow()));
        await executor.StartAsync(Apply(github));
        var undo = ExecutorHarness.Action("run-c/rollback/0", "delete_comment", new { repository = "octo/app", issueNumber = 7, actionId = "run-c/act/0" });

        await executor.PublishAsync(undo);
        var entry = await executor.FinalEntryAsync(undo.Id);

        Assert.Equal(LedgerStates.Applied, entry.State);
        Assert.Single(github.Requests, r => r.Method == "DELETE" && r.Path == "/repos/octo/app/issues/comments/4242");
    }

    [Fact]
    public async Task Refusal_GitHubAnswers404_IsRecordedAsFailedNotRetriedAndTheNextActionGoesOn()
    {
        using var github = new FakeGitHub()
            .On("POST", "/repos/octo/gone/issues/7/comments", 404, FakeGitHub.Error("Not Found"))
            .On("POST", "/repos/octo/app/issues/7/comments", 201, FakeGitHub.Comment(5, "ok"));
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.StartAsync(Apply(github));
        var refused = ExecutorHarness.Action("run-f/act/0", "comment", new { repository = "octo/gone", issueNumber = 7, body = "x" });
        var next = ExecutorHarness.Action("run-f/act/1", "comment", Comment);

        await executor.PublishAsync(refused);
        await executor.PublishAsync(next);

        var failed = await executor.FinalEntryAsync(refused.Id);
        Assert.Equal(LedgerStates.Failed, failed.State);
        Assert.False(failed.Retryable);
        Assert.Contains("404", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(LedgerStates.Applied, (await executor.FinalEntryAsync(next.Id)).State);
        Assert.Single(github.Requests, r => r.Path == "/repos/octo/gone/issues/7/comments");
    }

    [Fact]
    public async Task RateLimit_AThrottledTargetWaitsAloneWhileAnotherTargetsActionsAreApplied()
    {
        using var github = new FakeGitHub().On("POST", "/repos/octo/app/issues/7/comments", 429, FakeGitHub.Error("slow down"), ("Retry-After", "600"));
        using var slack = new Slack.FakeSlack();
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.StartAsync(Apply(github, ("Ambient:Executors:Slack:BaseUrl", slack.ApiUrl), ("Ambient:Executors:Slack:BotToken", "xoxb-test"),
            ("Ambient:Executors:Slack:Mode", "apply")));
        var throttled = ExecutorHarness.Action("run-r/act/0", "comment", Comment);
        var posted = ExecutorHarness.Action("run-r/act/1", "post_message", new { channel = "C0123ABC", text = "on it" }, target: "slack");

        await executor.PublishAsync(throttled);
        await executor.PublishAsync(posted, key: "C0123ABC");

        Assert.Equal(LedgerStates.Applied, (await executor.FinalEntryAsync(posted.Id)).State);
        Assert.Single(github.Requests, r => r.Method == "POST");
        Assert.DoesNotContain(executor.Records(executor.Topics.ActionResults), r => r.Message.Key == throttled.Id && LedgerEntry.TryRead(r.Message.Value)!.State != LedgerStates.Started);
    }

    [Fact]
    public async Task Shadow_ActionsOfAShadowReplay_AreNeverApplied()
    {
        using var github = new FakeGitHub().On("POST", "/repos/octo/app/issues/7/comments", 201, FakeGitHub.Comment(1, "ok"));
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.StartAsync(Apply(github));
        var shadow = ExecutorHarness.Action("replay-1/act/0", "comment", Comment);
        var live = ExecutorHarness.Action("run-l/act/0", "comment", Comment);

        await executor.PublishAsync(shadow, topic: executor.Topics.ShadowActions);
        await executor.PublishAsync(live);
        await executor.FinalEntryAsync(live.Id);

        Assert.Single(github.Requests, r => r.Method == "POST");
        Assert.DoesNotContain(executor.Records(executor.Topics.ActionResults), r => r.Message.Key == shadow.Id);
    }

    [Fact]
    public async Task Malformed_AnActionItsTargetCannotRead_GoesToTheDeadLetterTopicWithTheReason()
    {
        using var github = new FakeGitHub();
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.StartAsync(Apply(github));
        var action = ExecutorHarness.Action("run-m/act/0", "comment", new { repository = "not a repository", issueNumber = 7, body = "x" });

        await executor.PublishAsync(action);
        await executor.PublishRawAsync(executor.Topics.Actions, "octo/app#7", Encoding.UTF8.GetBytes("not avro"));

        await Eventually.UntilAsync(() => executor.Records(executor.Topics.DeadLetter).Count == 2, TestContext.Current.CancellationToken);
        var reasons = executor.Records(executor.Topics.DeadLetter).Select(r => Encoding.UTF8.GetString(r.Message.Headers.GetLastBytes("ambient-dlq-exception-message"))).ToList();
        Assert.Contains(reasons, r => r.Contains("repository", StringComparison.Ordinal));
        Assert.Empty(github.Requests);
        Assert.DoesNotContain(executor.Records(executor.Topics.ActionResults), r => r.Message.Key == action.Id);
    }

    [Fact]
    public async Task Oversized_ACommentGitHubWouldRefuseAndAHugeErrorBody_AreNeitherSentNorCopiedIntoTheLedger()
    {
        var huge = new string('x', 100_000);
        using var github = new FakeGitHub().On("POST", "/repos/octo/gone/issues/7/comments", 404, FakeGitHub.Error("Not Found " + huge));
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        await executor.StartAsync(Apply(github));
        var tooLong = ExecutorHarness.Action("run-o/act/0", "comment", new { repository = "octo/app", issueNumber = 7, body = huge });
        var refused = ExecutorHarness.Action("run-o/act/1", "comment", new { repository = "octo/gone", issueNumber = 7, body = "x" });

        await executor.PublishAsync(tooLong);
        await executor.PublishAsync(refused, key: "octo/gone#7");
        var failed = await executor.FinalEntryAsync(refused.Id);
        await Eventually.UntilAsync(() => executor.Records(executor.Topics.DeadLetter).Count == 1, TestContext.Current.CancellationToken);

        var reason = Encoding.UTF8.GetString(Assert.Single(executor.Records(executor.Topics.DeadLetter)).Message.Headers.GetLastBytes("ambient-dlq-exception-message"));
        var withMarker = huge.Length + 2 + ActionMarkers.GitHubComment(tooLong.Id).Length;
        Assert.Contains($"the comment has {withMarker:N0} characters with its marker; GitHub accepts at most 65,536", reason, StringComparison.Ordinal);
        Assert.DoesNotContain(github.Requests, r => r.Path == "/repos/octo/app/issues/7/comments");
        Assert.Equal(LedgerStates.Failed, failed.State);
        Assert.InRange(failed.Reason!.Length, 100, 2_000);
        Assert.All(executor.Records(executor.Topics.ActionResults), r => Assert.InRange(r.Message.Value.Length, 1, 4_096));
    }

    [Fact]
    public async Task Policy_AnActionThePoliciesDenyOrHoldForApproval_IsRecordedSkippedAndNeverSent()
    {
        using var github = new FakeGitHub().On("POST", "/repos/octo/app/issues/7/comments", 201, FakeGitHub.Comment(5, "ok"));
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        using var governance = executor.Governance();
        await governance.ApplyAsync("""
            name: executor-test
            rules:
              - name: no-comments-on-app
                match: {tools: [github.comment], arguments: [{path: $.repository, equals: octo/app}]}
                decision: deny
                reason: "octo/app is frozen."
              - name: labels-need-a-yes
                match: {tools: [github.add_labels]}
                decision: approve
                approvers: [maintainers]
            """);
        await executor.StartAsync(Apply(github));
        var comment = ExecutorHarness.Action("run-p/act/0", "comment", Comment);
        var labels = ExecutorHarness.Action("run-p/act/1", "add_labels", new { repository = "octo/app", issueNumber = 7, labels = new[] { "bug" } });

        await executor.PublishAsync(comment);
        await executor.PublishAsync(labels);
        var denied = await executor.FinalEntryAsync(comment.Id);
        var held = await executor.FinalEntryAsync(labels.Id);

        Assert.Equal((LedgerStates.Skipped, "refused by policy: octo/app is frozen."), (denied.State, denied.Reason));
        Assert.Equal(LedgerStates.Skipped, held.State);
        Assert.StartsWith("needs approval by policy (maintainers), and none came with the action", held.Reason, StringComparison.Ordinal);
        Assert.Empty(github.Requests);
    }

    [Fact]
    public async Task Approval_ARedActionIsAppliedOnlyWithAnApprovalGivenToItsRunAndTool()
    {
        using var github = new FakeGitHub().On("POST", "/repos/octo/app/issues/7/labels", 200, "[]");
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        using var governance = executor.Governance();
        using var approvals = executor.Approvals();
        await governance.ApplyAsync("""
            name: executor-approvals
            rules:
              - name: labels-need-a-yes
                match: {tools: [github.add_labels]}
                decision: approve
                approvers: [maintainers]
            """);
        var arguments = new { repository = "octo/app", issueNumber = 7, labels = new[] { "bug" } };
        var approved = await RequestAsync(approvals, "run-a", "github.add_labels", approve: true);
        var denied = await RequestAsync(approvals, "run-d", "github.add_labels", approve: false);
        var otherTool = await RequestAsync(approvals, "run-t", "github.comment", approve: true);
        await executor.StartAsync(Apply(github));
        var applied = ExecutorHarness.Action("run-a/act/0", "add_labels", arguments);
        var refusedAnswer = ExecutorHarness.Action("run-d/act/0", "add_labels", arguments);
        var anotherRun = ExecutorHarness.Action("run-x/act/0", "add_labels", arguments);
        var anotherTool = ExecutorHarness.Action("run-t/act/0", "add_labels", arguments);

        await executor.PublishAsync(applied, approvalId: approved);
        await executor.PublishAsync(refusedAnswer, approvalId: denied);
        await executor.PublishAsync(anotherRun, approvalId: approved);
        await executor.PublishAsync(anotherTool, approvalId: otherTool);
        var entries = new List<LedgerEntry>();
        foreach (var action in new[] { applied, refusedAnswer, anotherRun, anotherTool })
        {
            entries.Add(await executor.FinalEntryAsync(action.Id));
        }

        Assert.Equal(LedgerStates.Applied, entries[0].State);
        Assert.Equal((LedgerStates.Skipped, $"needs approval by policy (maintainers); approval {denied} is denied"), (entries[1].State, entries[1].Reason));
        Assert.Equal((LedgerStates.Skipped, $"needs approval by policy (maintainers); approval {approved} was given to run run-a, not this action's run run-x"),
            (entries[2].State, entries[2].Reason));
        Assert.Equal((LedgerStates.Skipped, $"needs approval by policy (maintainers); approval {otherTool} was given for github.comment, not github.add_labels"),
            (entries[3].State, entries[3].Reason));
        Assert.Single(github.Requests, r => r.Method == "POST");
        // The executor's audit record names the rule and the approval it applied the action under, and who gave it.
        var audits = executor.Records(executor.Topics.Audit).Select(r => AmbientRecordReader.Audit(r.Message.Value)).ToList();
        var appliedAudit = Assert.Single(audits, a => a.ActionIds.Contains(applied.Id)).Decisions.Single();
        Assert.Equal(("github.add_labels", "approve", "executor-approvals/labels-need-a-yes", approved, "approved", "maintainers"),
            (appliedAudit.Tool, appliedAudit.Decision, appliedAudit.Rule, appliedAudit.ApprovalId, appliedAudit.Answer, appliedAudit.AnsweredBy));
        Assert.Equal("denied", Assert.Single(audits, a => a.ActionIds.Contains(refusedAnswer.Id)).Decisions.Single().Answer);
    }

    /// <summary>A request for <paramref name="tool"/> in <paramref name="run"/>, as a worker writes it, answered as the CLI answers.</summary>
    private static async Task<string> RequestAsync(TestApprovals approvals, string run, string tool, bool approve)
    {
        var id = ApprovalIds.For(run, 1, 0, tool, "{}");
        var now = TimeProvider.System.GetUtcNow();
        await approvals.Writer.WriteAsync(new ApprovalRecord
        {
            Id = id, RunId = run, Agent = "triage", Tool = tool, Arguments = JsonSerializer.SerializeToElement(new { }), Reason = "labels need a yes",
            Approvers = ["maintainers"], RequestedAt = now, ExpiresAt = now.AddHours(1), Input = new ApprovalRunInput("ambient.events.github", 0, 0, "evt-1", "com.github.issues.opened"),
        }, TestContext.Current.CancellationToken);
        await approvals.AnswerAsync(id, approve, by: "maintainers");
        return id;
    }

    [Fact]
    public async Task KillSwitch_WithEveryAgentPaused_NothingIsAppliedUntilResumeThenEachActionOnce()
    {
        using var github = new FakeGitHub().On("POST", "/repos/octo/app/issues/7/comments", 201, FakeGitHub.Comment(5, "ok"));
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        using var governance = executor.Governance();
        await governance.PauseAllAsync();
        await executor.StartAsync(Apply(github));
        var actions = Enumerable.Range(0, 3).Select(i => ExecutorHarness.Action($"run-k{i}/act/0", "comment", Comment)).ToList();

        foreach (var action in actions)
        {
            await executor.PublishAsync(action);
        }

        // Held: after a quiet moment nothing was sent or ledgered (a pause is a state, so this is no timing claim).
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        var whilePaused = (github.Requests.Count, executor.Records(executor.Topics.ActionResults).Count);
        await governance.ResumeAllAsync();
        var entries = new List<LedgerEntry>();
        foreach (var action in actions)
        {
            entries.Add(await executor.FinalEntryAsync(action.Id));
        }

        Assert.Equal((0, 0), whilePaused);
        Assert.All(entries, e => Assert.Equal(LedgerStates.Applied, e.State));
        Assert.Equal(3, github.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task Start_WithoutItsLedgerTopic_StopsNamingTheTopicAndTheFix()
    {
        await using var executor = await ExecutorHarness.CreateAsync(kafka);
        var missing = KafkaFixture.UniqueName("no-ledger");

        var error = await Assert.ThrowsAsync<Ambient.Kafka.Topics.TopicLayoutException>(() => executor.StartAsync(("Ambient:Topics:ActionResults", missing)));

        Assert.StartsWith("The executor does not start.", error.Message, StringComparison.Ordinal);
        Assert.Contains($"topic '{missing}' has no such topic", error.Message, StringComparison.Ordinal);
        Assert.Contains("ambient topics init --repair --bootstrap", error.Message, StringComparison.Ordinal);
    }

    private static string Header(Confluent.Kafka.ConsumeResult<string?, byte[]> record, string name) =>
        Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(name));
}

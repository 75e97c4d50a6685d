using System.Text;
using Ambient.Abstractions.Actions;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Processing;
using Ambient.Governance.Approvals;
using Ambient.Kafka.Topics;
using Ambient.Runtime.Operations;
using Ambient.Testing;
using Ambient.Worker.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ambient.Worker.Tests.Governance;

/// <summary>
/// Human approvals through a running worker: a red call parks its run and writes its request to the approvals topic;
/// the answer, given as <c>ambient approvals</c> gives it, drives the run on exactly once (approved: the action goes
/// out carrying its approval; denied: the model reads why; unanswered: expiry denies), and a second or late answer is
/// refused. The parked run survives kill -9 of its worker.
/// </summary>
public sealed class ApprovalWorkerTests(KafkaFixture kafka)
{
    private const string PlanTool = "github.propose_pull_request_plan";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string PlansNeedAMaintainer(string expiresIn = "1h") => $"""
        name: plans-need-a-maintainer
        rules:
          - name: plans
            match: {"{"}tools: [{PlanTool}]{"}"}
            decision: approve
            approvers: [maintainers]
            expiresIn: {expiresIn}
            reason: "A maintainer decides on pull request plans."
        """;

    [Fact]
    public async Task Approve_AParkedRun_GoesOnOnceWithTheApprovalOnItsActionAndASecondAnswerIsRefused()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        using var governance = new TestGovernance(kafka.BootstrapServers, harness.Topics.Policy);
        using var approvals = new TestApprovals(kafka.BootstrapServers, harness.Topics.Approvals);
        await governance.ApplyAsync(PlansNeedAMaintainer());
        await harness.StartWorkerAsync();

        var issue = TestEvents.IssueOpened(TestEvents.IssueOpenedPayload());
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", issue);
        var request = (await approvals.WaitForAsync(_ => true)).Single();
        var approved = await approvals.AnswerAsync(request.Id, approve: true, by: "alice", reason: "the plan is small");
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);
        var second = await Assert.ThrowsAsync<ApprovalRefusedException>(() => approvals.AnswerAsync(request.Id, approve: false, by: "bob"));

        Assert.Equal((harness.AgentName("github-triage"), PlanTool, ApprovalStatus.Pending, issue.Id), (request.Agent, request.Tool, request.Status, request.Input.EventId));
        Assert.Equal(["maintainers"], request.Approvers);
        Assert.Equal((TimeSpan.FromHours(1), "plans-need-a-maintainer", "plans"), (request.ExpiresAt - request.RequestedAt, request.Policy, request.Rule));
        Assert.Equal(System.Text.Json.JsonValueKind.Object, request.Arguments.ValueKind);
        Assert.Equal((ApprovalStatus.Approved, "alice", "cli", true), (approved.Status, approved.AnsweredBy, approved.AnsweredVia, approved.Override));
        Assert.Contains("already approved by alice", second.Message, StringComparison.Ordinal);
        Assert.Equal(("completed", request.RunId), (audit.Outcome, audit.RunId));
        Assert.Empty(audit.RefusedTools);
        // The audit says who let the plan through, under which rule, and what the model was given and said of itself.
        Assert.Equal(["allow", "allow", "approve"], audit.Decisions.Select(d => d.Decision));
        Assert.Equal(new AuditDecision(PlanTool, "approve", "plans-need-a-maintainer/plans", "A maintainer decides on pull request plans.")
        {
            ApprovalId = request.Id, Answer = ApprovalStatus.Approved, AnsweredBy = "alice", Override = true,
        }, audit.Decisions[2]);
        Assert.StartsWith($"com.github.issues.opened from {issue.Source}", audit.ContextSummary, StringComparison.Ordinal);
        Assert.Equal(0.9, audit.Confidence);
        Assert.Contains("Confidence: 0.9", request.Reasoning, StringComparison.Ordinal);
        var actions = await TopicReader.ReadUntilAsync(kafka, harness.Topics.Actions, records => records.Count == TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions), Cancellation);
        var plans = actions.Where(a => AmbientRecordReader.Action(a.Message.Value).Operation == "propose_pull_request_plan").ToList();
        var plan = Assert.Single(plans);
        Assert.True(plan.Message.Headers.TryGetLastBytes(ActionHeaders.ApprovalId, out var header));
        Assert.Equal(request.Id, Encoding.UTF8.GetString(header));
        Assert.All(actions.Except(plans), a => Assert.False(a.Message.Headers.TryGetLastBytes(ActionHeaders.ApprovalId, out _)));
        Assert.Equal(1, TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit));
    }

    [Fact]
    public async Task Deny_AParkedRun_GoesOnWithoutTheActionAndTheModelReadsTheApproversReason()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        using var governance = new TestGovernance(kafka.BootstrapServers, harness.Topics.Policy);
        using var approvals = new TestApprovals(kafka.BootstrapServers, harness.Topics.Approvals);
        await governance.ApplyAsync(PlansNeedAMaintainer());
        await harness.StartWorkerAsync();

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        var request = (await approvals.WaitForAsync(_ => true)).Single();
        await approvals.AnswerAsync(request.Id, approve: false, by: "maintainers", reason: "not before the release");
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);

        Assert.Equal([PlanTool], audit.RefusedTools);
        var denied = audit.Decisions.Single(d => d.Tool == PlanTool);
        Assert.Equal(("approve", request.Id, ApprovalStatus.Denied, "maintainers", false), (denied.Decision, denied.ApprovalId, denied.Answer, denied.AnsweredBy, denied.Override));
        var told = CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Select(r => r.Step).OfType<Checkpoint>().Last(s => s.StepName == StepNames.Act).State.ToString();
        Assert.Contains($"Denied by maintainers ({request.Id}): not before the release", told, StringComparison.Ordinal);
        var actions = (await TopicReader.ReadUntilAsync(kafka, harness.Topics.Actions, records => records.Count == TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions), Cancellation))
            .Select(a => AmbientRecordReader.Action(a.Message.Value)).ToList();
        Assert.DoesNotContain(actions, a => a.Operation == "propose_pull_request_plan");
    }

    [Fact]
    public async Task Expiry_AnUnansweredRequest_DeniesTheCallGoesOnAndALateAnswerIsRefused()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        using var governance = new TestGovernance(kafka.BootstrapServers, harness.Topics.Policy);
        using var approvals = new TestApprovals(kafka.BootstrapServers, harness.Topics.Approvals);
        await governance.ApplyAsync(PlansNeedAMaintainer(expiresIn: "1s"));
        await harness.StartWorkerAsync();

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);
        var expired = (await approvals.WaitForAsync(r => r.Status == ApprovalStatus.Expired)).Single();
        var late = await Assert.ThrowsAsync<ApprovalRefusedException>(() => approvals.AnswerAsync(expired.Id, approve: true));

        Assert.Equal([PlanTool], audit.RefusedTools);
        Assert.Equal(("ambient", "expiry"), (expired.AnsweredBy, expired.AnsweredVia));
        Assert.Contains("expired", late.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_AfterKillNineOfTheParkedWorker_ANewWorkerRunsTheApprovedActionOnce()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        using var governance = new TestGovernance(kafka.BootstrapServers, harness.Topics.Policy);
        using var approvals = new TestApprovals(kafka.BootstrapServers, harness.Topics.Approvals);
        await governance.ApplyAsync(PlansNeedAMaintainer());
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));

        using (var parked = WorkerProcess.Start(harness))
        {
            await Eventually.UntilAsync(() => CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Any(r => r.Step is { Status: CheckpointStatus.Waiting }), Cancellation);
            await parked.KillAsync();
        }

        var request = (await approvals.WaitForAsync(_ => true)).Single();
        await approvals.AnswerAsync(request.Id, approve: true, by: "maintainers");
        using var successor = WorkerProcess.Start(harness);
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);
        var actions = (await TopicReader.ReadUntilAsync(kafka, harness.Topics.Actions, records => records.Count == TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions), Cancellation))
            .Select(a => AmbientRecordReader.Action(a.Message.Value)).ToList();
        await successor.StopAsync();

        Assert.Equal(("completed", request.RunId), (audit.Outcome, audit.RunId));
        Assert.Single(actions, a => a.Operation == "propose_pull_request_plan");
        Assert.Equal(actions.Count, actions.Select(a => a.Id).Distinct().Count());
        Assert.Equal(1, TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit));
    }

    [Fact]
    public async Task Rollback_OfAnApprovedRun_AsksAgainUnderANewIdAndTheFirstApprovalDoesNotCarryOver()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        using var governance = new TestGovernance(kafka.BootstrapServers, harness.Topics.Policy);
        using var approvals = new TestApprovals(kafka.BootstrapServers, harness.Topics.Approvals);
        await governance.ApplyAsync(PlansNeedAMaintainer());
        var worker = await harness.StartWorkerAsync();
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        var first = (await approvals.WaitForAsync(_ => true)).Single();
        await approvals.AnswerAsync(first.Id, approve: true, by: "maintainers");
        await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation);

        // Rolled back to the model's reply: the plan it approved was withdrawn, and the same call is made again.
        var operations = new RunOperations(worker.Services.GetRequiredService<ICheckpointLog>(), worker.Services.GetRequiredService<IRecordPublisher>(),
            worker.Services.GetRequiredService<IOptions<AmbientTopics>>().Value.ForRuns(), TimeProvider.System);
        await operations.RequestRollbackAsync(first.RunId, "1", "test", Cancellation);
        var again = (await approvals.WaitForAsync(r => r.Id != first.Id)).Single();
        await approvals.AnswerAsync(again.Id, approve: true, by: "maintainers");
        var plans = await TopicReader.ReadUntilAsync(kafka, harness.Topics.Actions, records =>
            records.Count(r => AmbientRecordReader.Action(r.Message.Value).Operation == "propose_pull_request_plan") == 2, Cancellation);

        Assert.Equal((first.RunId, first.Tool, first.Arguments.GetRawText(), ApprovalStatus.Pending), (again.RunId, again.Tool, again.Arguments.GetRawText(), again.Status));
        var approvalsOnPlans = plans.Where(r => AmbientRecordReader.Action(r.Message.Value).Operation == "propose_pull_request_plan")
            .Select(r => r.Message.Headers.TryGetLastBytes(ActionHeaders.ApprovalId, out var id) ? Encoding.UTF8.GetString(id) : null);
        Assert.Equal([first.Id, again.Id], approvalsOnPlans);
    }

    [Fact]
    public async Task Superseded_ARequestStillPendingWhenItsRunFinished_IsMarkedByTheWorkerAndAnAnswerIsRefused()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        using var approvals = new TestApprovals(kafka.BootstrapServers, harness.Topics.Approvals);
        await harness.StartWorkerAsync();
        var issue = TestEvents.IssueOpened(TestEvents.IssueOpenedPayload());
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", issue);
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);
        var at = (await TopicReader.ReadAsync(kafka, harness.Topics.GitHubEvents, 1, Cancellation)).Single();

        // A request its run no longer waits for (the run was driven on without it, as after a rollback of a failed run).
        var now = DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());
        var orphan = new ApprovalRecord
        {
            Id = ApprovalIds.For(audit.RunId, 1, 2, PlanTool, "{}"), RunId = audit.RunId, Agent = audit.Agent, Tool = PlanTool,
            Arguments = System.Text.Json.JsonDocument.Parse("{}").RootElement, Reason = "A maintainer decides.", Approvers = ["maintainers"],
            RequestedAt = now, ExpiresAt = now.AddHours(1), Input = new ApprovalRunInput(at.Topic, at.Partition.Value, at.Offset.Value, issue.Id, issue.Type),
        };
        await approvals.Writer.WriteAsync(orphan, Cancellation);
        var superseded = (await approvals.WaitForAsync(r => r.Status == ApprovalStatus.Superseded)).Single();
        var refused = await Assert.ThrowsAsync<ApprovalRefusedException>(() => approvals.AnswerAsync(orphan.Id, approve: true, by: "maintainers"));

        Assert.Equal((orphan.Id, "ambient", "run"), (superseded.Id, superseded.AnsweredBy, superseded.AnsweredVia));
        Assert.Contains($"run {audit.RunId} finished without it", superseded.AnswerReason, StringComparison.Ordinal);
        Assert.Contains("superseded", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit));
    }
}

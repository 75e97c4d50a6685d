using Ambient.Abstractions.Checkpoints;
using Ambient.Governance.Policies;
using Ambient.Governance.State;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ambient.Worker.Tests.Governance;

/// <summary>
/// The policies on the governance topic judge a running worker's tool calls: a denied call never becomes an action
/// and the model reads why, a red one parks the run, and a policy applied while the worker runs is in force for the
/// next event without a restart.
/// </summary>
public sealed class PolicyWorkerTests(KafkaFixture kafka)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static PolicyInput Comment => new("github-triage", "github.comment", null, default, null, null, null, TimeProvider.System.GetUtcNow());

    [Fact]
    public async Task Worker_ACommentDeniedThenAllowedWhileItRuns_IsRefusedFirstAndProposedAfterTheChangeWithoutARestart()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        using var governance = new TestGovernance(kafka.BootstrapServers, harness.Topics.Policy);
        await governance.ApplyAsync("""
            name: no-comments
            rules:
              - name: comments-denied
                match: {tools: [github.comment]}
                decision: deny
                reason: "Comments are off this week."
            """);
        var worker = await harness.StartWorkerAsync();

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        var denied = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);
        await governance.ApplyAsync("name: no-comments\ndefault: allow\n");
        // The worker's view follows within a poll; the second event goes in once the worker itself holds the change (no restart).
        var view = worker.Services.GetRequiredService<GovernanceView>();
        await Eventually.UntilAsync(() => view.State.Current.Policies.Evaluate(Comment).Verdict == PolicyVerdict.Allow, Cancellation);
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#2", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        var audits = await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 2, Cancellation);
        var allowed = AmbientRecordReader.Audit(audits[1].Message.Value);

        Assert.Equal(["github.comment"], denied.RefusedTools);
        Assert.Equal(2, denied.ActionIds.Count);
        Assert.Empty(allowed.RefusedTools);
        Assert.Equal(3, allowed.ActionIds.Count);
        var actions = (await TopicReader.ReadAsync(kafka, harness.Topics.Actions, 5, Cancellation)).Select(a => AmbientRecordReader.Action(a.Message.Value)).ToList();
        Assert.Single(actions, a => a.Operation == "comment");
    }

    [Fact]
    public async Task Worker_ACallInTheRedZone_ParksTheRunInsteadOfProposingIt()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        using var governance = new TestGovernance(kafka.BootstrapServers, harness.Topics.Policy);
        await governance.ApplyAsync("""
            name: plans-need-a-maintainer
            rules:
              - name: plans
                match: {tools: [github.propose_pull_request_plan]}
                decision: approve
                approvers: [maintainers]
                reason: "A maintainer decides on pull request plans."
            """);
        await harness.StartWorkerAsync();

        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        // A parked run is audited when it goes on; until then its act step waits, checkpointed, saying why.
        var parked = await Eventually.ReadAsync(
            () => CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Select(r => r.Step).OfType<Checkpoint>().LastOrDefault(s => s.Status == CheckpointStatus.Waiting),
            step => step is not null, Cancellation);

        Assert.Equal(StepNames.Act, parked!.StepName);
        Assert.Matches("awaiting approval apr-[a-z2-9]{16} by maintainers until .*: A maintainer decides on pull request plans.", parked.Note);
        var actions = (await TopicReader.ReadUntilAsync(kafka, harness.Topics.Actions, records => records.Count == TopicReader.CountAfterQuiet(kafka, harness.Topics.Actions), Cancellation))
            .Select(a => AmbientRecordReader.Action(a.Message.Value)).ToList();
        Assert.DoesNotContain(actions, a => a.Operation == "propose_pull_request_plan");
        Assert.Equal(0, TopicReader.CountAfterQuiet(kafka, harness.Topics.Audit));
    }
}

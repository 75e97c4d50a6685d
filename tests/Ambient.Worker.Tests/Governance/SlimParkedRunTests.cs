using System.Globalization;
using System.Text.Json.Nodes;
using Ambient.Abstractions.Audit;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Runs;
using Ambient.Governance.Approvals;
using Ambient.Kafka.Topics;
using Ambient.Runtime.Checkpoints;
using Ambient.Runtime.Operations;
using Ambient.Runtime.Runs;
using Ambient.Testing;
using Ambient.Worker.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ambient.Worker.Tests.Governance;

/// <summary>
/// A run parked for approval is kept in the worker's memory as its current step and the outline of the others (their
/// states and model replies stay on the checkpoints topic). Driven on after the answer, by the same worker or one
/// restored from the topic, it goes on from the parked state with every earlier action and token counted; rolled back
/// later, it goes back to a step whose state only the topic held.
/// </summary>
public sealed class SlimParkedRunTests(KafkaFixture kafka)
{
    private const string PlanTool = "github.propose_pull_request_plan";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static string PlansNeedAMaintainer => $"""
        name: plans-need-a-maintainer
        rules:
          - name: plans
            match: {"{"}tools: [{PlanTool}]{"}"}
            decision: approve
            approvers: [maintainers]
            reason: "A maintainer decides on pull request plans."
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Approve_ARunKeptSlimWhileParked_GoesOnFromItsParkedStateWithEveryActionAndToken(bool restartWorker)
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        using var governance = new TestGovernance(kafka.BootstrapServers, harness.Topics.Policy);
        using var approvals = new TestApprovals(kafka.BootstrapServers, harness.Topics.Approvals);
        await governance.ApplyAsync(PlansNeedAMaintainer);
        var worker = await harness.StartWorkerAsync();
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        var request = (await approvals.WaitForAsync(_ => true)).Single();
        if (restartWorker)
        {
            await worker.StopAsync(Cancellation);
            worker = await harness.StartWorkerAsync();
        }

        var parked = await SlimJournalAsync(harness, worker, request);
        await approvals.AnswerAsync(request.Id, approve: true, by: "maintainers");
        var audit = AmbientRecordReader.Audit((await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation)).Single().Message.Value);

        // Perceive 0 and reason 1 outlined, the parked act 2 whole: its state is where the run goes on from.
        Assert.Equal([(0, true), (1, true), (2, false)], parked.Steps.Select(s => (s.StepIndex, s.State.IsNone)));
        Assert.All(parked.Steps.SelectMany(s => s.Exchanges), e => Assert.True(e.Response.IsNone));
        Assert.Single(parked.Steps.Single(s => s.StepIndex == 1).Exchanges);
        var log = CheckpointReader.ReadAll(kafka, harness.Topics.Checkpoints).Select(r => r.Step).OfType<Checkpoint>().Where(s => s.RunId == request.RunId).ToList();
        var parkedState = log.Single(s => s.StepIndex == 2).State.ToString();
        Assert.Equal(parkedState, parked.Steps.Single(s => s.StepIndex == 2).State.ToString());
        var resumed = log.Single(s => s.StepIndex == 3);
        Assert.Equal(StepNames.Act, resumed.StepName);
        var (parkedTurns, resumedTurns) = (Turns(parkedState), Turns(resumed.State.ToString()));
        Assert.True(resumedTurns.Count > parkedTurns.Count);
        Assert.All(parkedTurns.Select((turn, i) => (turn, i)), t => Assert.True(JsonNode.DeepEquals(t.turn, resumedTurns[t.i])));
        Assert.Equal((RunOutcomes.Completed, request.RunId), (audit.Outcome, audit.RunId));
        Assert.Equal([$"{request.RunId}/2/0", $"{request.RunId}/2/1", $"{request.RunId}/3/2"], audit.ActionIds);
        var exchanges = log.SelectMany(s => s.Exchanges).ToList();
        Assert.Equal((exchanges.Sum(e => e.InputTokens), exchanges.Sum(e => e.OutputTokens)), (audit.InputTokens, audit.OutputTokens));
        Assert.True(audit.InputTokens > 0);
    }

    [Fact]
    public async Task Rollback_OfARunThatWasKeptSlimWhileParked_GoesBackToAStepOnlyTheTopicHeldWhole()
    {
        await using var harness = await WorkerHarness.CreateAsync(kafka, WorkerHarness.SampleAgent("github-triage"));
        using var governance = new TestGovernance(kafka.BootstrapServers, harness.Topics.Policy);
        using var approvals = new TestApprovals(kafka.BootstrapServers, harness.Topics.Approvals);
        await governance.ApplyAsync(PlansNeedAMaintainer);
        var worker = await harness.StartWorkerAsync();
        await TestEvents.PublishAsync(kafka, harness.Topics.GitHubEvents, "github:Codertocat/Hello-World#1", TestEvents.IssueOpened(TestEvents.IssueOpenedPayload()));
        var request = (await approvals.WaitForAsync(_ => true)).Single();
        Assert.True((await SlimJournalAsync(harness, worker, request)).Steps.Single(s => s.StepIndex == 1).State.IsNone);
        await approvals.AnswerAsync(request.Id, approve: true, by: "maintainers");
        await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 1, Cancellation);
        var operations = Operations(worker);

        var command = await operations.RequestRollbackAsync(request.RunId, "1", "test", Cancellation);
        // The plan the rollback withdrew needs a new yes: the first approval does not carry over.
        var again = (await approvals.WaitForAsync(r => r.Id != request.Id)).Single();
        await approvals.AnswerAsync(again.Id, approve: true, by: "maintainers");
        var run = await operations.WaitForRollbackAsync(command, TimeSpan.FromSeconds(60), Cancellation);

        Assert.NotNull(run);
        // The act step parked for the new approval, and went on from there in a second act step, or was written again in place
        // when the worker driving it on had not read the parked step back yet: either way the same actions, under the same ids.
        var chain = run.Chain().Select(s => s.StepName).ToList();
        Assert.Equal([StepNames.Perceive, StepNames.Reason, StepNames.Rollback], chain[..3]);
        Assert.Equal([StepNames.Reason, StepNames.Finish], chain[^2..]);
        Assert.InRange(chain.Count, 6, 7);
        Assert.All(chain[3..^2], name => Assert.Equal(StepNames.Act, name));
        var reason = run.Step(1)!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(reason.State.ToString()), JsonNode.Parse(run.Chain()[2].State.ToString())));
        Assert.False(reason.Exchanges.Single().Response.IsNone);
        var audits = (await TopicReader.ReadAsync(kafka, harness.Topics.Audit, 3, Cancellation)).Select(a => AmbientRecordReader.Audit(a.Message.Value)).ToList();
        Assert.Equal([RunOutcomes.Completed, RunOutcomes.RolledBack, RunOutcomes.Completed], audits.Select(a => a.Outcome));
        // Re-executed after the rollback step: the labels, the comment and the plan again, under ids of the new steps.
        var rolledBackAt = run.Chain()[2].StepIndex;
        var rerunIds = audits[2].ActionIds.Select(id => id.Split('/')).ToList();
        Assert.Equal(["0", "1", "2"], rerunIds.Select(parts => parts[2]));
        Assert.All(rerunIds, parts => Assert.True(parts[0] == request.RunId && int.Parse(parts[1], CultureInfo.InvariantCulture) > rolledBackAt));
        var actions = (await TopicReader.ReadAsync(kafka, harness.Topics.Actions, 9, Cancellation)).Select(a => AmbientRecordReader.Action(a.Message.Value)).ToList();
        Assert.Equal(["remove_labels", "delete_comment", "withdraw_pull_request_plan"], actions.Where(a => audits[1].ActionIds.Contains(a.Id)).Select(a => a.Operation));
    }

    /// <summary>
    /// A copy of the worker's journal of the parked run once it is slim (the run parks, then is slimmed, after its request
    /// is written); the worker's own goes on changing when the run does.
    /// </summary>
    private static async Task<RunJournal> SlimJournalAsync(WorkerHarness harness, IHost worker, ApprovalRecord request)
    {
        var store = worker.Services.GetRequiredKeyedService<AgentRunner>(harness.AgentName("github-triage")).Checkpoints;
        var at = new EventCoordinates(request.Input.Topic, request.Input.Partition, request.Input.Offset);
        RunJournal? journal = null;
        await Eventually.UntilAsync(async () =>
        {
            journal = await store.OpenAsync(new RunId(request.RunId), at, Cancellation);
            return journal.Current is { Status: CheckpointStatus.Waiting } && journal.Steps.First().State.IsNone;
        }, Cancellation);
        return journal!.Copy();
    }

    private static JsonArray Turns(string state) => JsonNode.Parse(state)!["turns"]!.AsArray();

    private static RunOperations Operations(IHost worker) => new(
        worker.Services.GetRequiredService<ICheckpointLog>(),
        worker.Services.GetRequiredService<IRecordPublisher>(),
        worker.Services.GetRequiredService<IOptions<AmbientTopics>>().Value.ForRuns(),
        TimeProvider.System);
}

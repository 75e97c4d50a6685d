using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Topics;
using Ambient.Runtime.Operations;
using Ambient.Testing.Runs;
using Ambient.Worker.Topics;

namespace Ambient.Runtime.Tests;

/// <summary>What `ambient runs list` reads: runs from real Avro checkpoint records, with or without a head.</summary>
public sealed class RunOperationsTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListAsync_RunWithoutAHeadYet_ListedAsRunningFromItsSteps()
    {
        var log = new InMemoryCheckpointLog();
        // A run writes its first head when its status changes: this one is still at its second step.
        await log.AppendAsync(CheckpointFixtures.Step("triage-running", "triage", 0, StepNames.Perceive, CheckpointStatus.Running));
        await log.AppendAsync(CheckpointFixtures.Step("triage-running", "triage", 1, StepNames.Reason, CheckpointStatus.Running));
        await log.AppendRunAsync("triage-done", "triage", (StepNames.Perceive, CheckpointStatus.Running), (StepNames.Finish, CheckpointStatus.Succeeded));
        await log.AppendRunAsync("digest-done", "digest", (StepNames.Perceive, CheckpointStatus.Running), (StepNames.Finish, CheckpointStatus.Succeeded));
        var operations = new RunOperations(log, new RefusingPublisher(), new AmbientTopics().ForRuns(), TimeProvider.System);

        var all = await operations.ListAsync(agent: "triage", status: null, Cancellation);
        var running = await operations.ListAsync(agent: null, status: CheckpointStatus.Running, Cancellation);

        Assert.Equal([("triage-done", CheckpointStatus.Succeeded), ("triage-running", CheckpointStatus.Running)], all.Select(r => (r.RunId, r.Status)).Order());
        Assert.Equal(["triage-running"], running.Select(r => r.RunId));
        Assert.Null(running[0].Head);
        Assert.Equal((1, StepNames.Reason), (running[0].Current!.StepIndex, running[0].Current!.StepName));
    }

    private sealed class RefusingPublisher : IRecordPublisher
    {
        public Task PublishAsync(OutgoingRecord record, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Listing runs writes nothing.");
    }
}

using Ambient.Abstractions.Checkpoints;
using Ambient.Runtime.Checkpoints;
using Ambient.Testing.Runs;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ambient.Runtime.Tests;

/// <summary>
/// Where A2A replies find parked runs: the first lookup on a partition reads it, later ones only what was written
/// since. The log here is a list of real Avro-encoded checkpoint records (Kafka's own seek is covered end to end by
/// the worker's delegation tests).
/// </summary>
public sealed class PartitionRunCacheTests
{
    private const string Agent = "triage";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FindAsync_SecondLookup_ReadsOnlyWhatWasWrittenSince()
    {
        var log = new InMemoryCheckpointLog();
        await log.AppendRunAsync("triage-a", Agent, (StepNames.Perceive, CheckpointStatus.Running), (StepNames.Delegate, CheckpointStatus.Waiting));
        var cache = new PartitionRunCache(log, Agent, NullLogger.Instance);

        var first = await cache.FindAsync(0, "triage-a", Cancellation);
        var writtenBefore = log.EndOffset();
        await log.AppendRunAsync("triage-b", Agent, (StepNames.Perceive, CheckpointStatus.Running));
        await log.AppendRunAsync("triage-x-c", "triage-x", (StepNames.Perceive, CheckpointStatus.Running));
        var second = await cache.FindAsync(0, "triage-b", Cancellation);
        var otherAgents = await cache.FindAsync(0, "triage-x-c", Cancellation);

        Assert.Equal((StepNames.Delegate, CheckpointStatus.Waiting), (first!.Current!.StepName, first.Current.Status));
        Assert.Equal(StepNames.Perceive, second!.Current!.StepName);
        Assert.Null(otherAgents);
        Assert.Equal([0L, writtenBefore, log.EndOffset()], log.ReadsFrom);
        Assert.Equal(0, log.FullReads);
    }

    [Fact]
    public async Task FindAsync_RunMovedOnElsewhere_SeesItsNewStepsAndHandsOutCopies()
    {
        var log = new InMemoryCheckpointLog();
        await log.AppendRunAsync("triage-a", Agent, (StepNames.Perceive, CheckpointStatus.Running), (StepNames.Delegate, CheckpointStatus.Waiting));
        var cache = new PartitionRunCache(log, Agent, NullLogger.Instance);
        var parked = await cache.FindAsync(0, "triage-a", Cancellation);

        // The caller works on its copy; meanwhile another worker resumed the run.
        parked!.Apply(Step("triage-a", Agent, 9, "scribble", CheckpointStatus.Running));
        await log.AppendAsync(Step("triage-a", Agent, 1, StepNames.Delegate, CheckpointStatus.Running));
        await log.AppendAsync(Step("triage-a", Agent, 2, StepNames.Reason, CheckpointStatus.Running));
        var resumed = await cache.FindAsync(0, "triage-a", Cancellation);

        Assert.Equal([StepNames.Perceive, StepNames.Delegate, StepNames.Reason], resumed!.Steps.Select(s => s.StepName));
        Assert.Equal(CheckpointStatus.Running, resumed.Step(1)!.Status);
    }

    [Fact]
    public async Task FindAsync_FinishedRunRolledBack_ReadsItWholeAgain()
    {
        var log = new InMemoryCheckpointLog();
        await log.AppendRunAsync("triage-a", Agent, (StepNames.Perceive, CheckpointStatus.Running), (StepNames.Reason, CheckpointStatus.Running),
            (StepNames.Finish, CheckpointStatus.Succeeded));
        var cache = new PartitionRunCache(log, Agent, NullLogger.Instance);
        var finished = await cache.FindAsync(0, "triage-a", Cancellation);

        // Kept by its last step only; then an operator rolls it back to step 1 and it runs again.
        await log.AppendAsync(Step("triage-a", Agent, 2, StepNames.Finish, CheckpointStatus.RolledBack));
        await log.AppendAsync(Step("triage-a", Agent, 3, StepNames.Rollback, CheckpointStatus.Running, parent: 1));
        var rolledBack = await cache.FindAsync(0, "triage-a", Cancellation);

        Assert.Equal([StepNames.Finish], finished!.Steps.Select(s => s.StepName));
        Assert.Equal([StepNames.Perceive, StepNames.Reason, StepNames.Finish, StepNames.Rollback], rolledBack!.Steps.Select(s => s.StepName));
        Assert.Equal(1, log.FullReads);
    }

    private static Checkpoint Step(string runId, string agent, int index, string name, string status, int? parent = null) =>
        CheckpointFixtures.Step(runId, agent, index, name, status, parent);
}

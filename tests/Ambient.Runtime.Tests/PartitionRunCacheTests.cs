using System.Text.Json;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Serialization;
using Ambient.Runtime.Checkpoints;
using Ambient.Testing;
using Microsoft.Extensions.DependencyInjection;
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
    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FindAsync_SecondLookup_ReadsOnlyWhatWasWrittenSince()
    {
        var log = new ListLog();
        await log.AppendRunAsync("triage-a", Agent, (StepNames.Perceive, CheckpointStatus.Running), (StepNames.Delegate, CheckpointStatus.Waiting));
        var cache = new PartitionRunCache(log, Agent, NullLogger.Instance);

        var first = await cache.FindAsync(0, "triage-a", Cancellation);
        var writtenBefore = log.Count;
        await log.AppendRunAsync("triage-b", Agent, (StepNames.Perceive, CheckpointStatus.Running));
        await log.AppendRunAsync("triage-x-c", "triage-x", (StepNames.Perceive, CheckpointStatus.Running));
        var second = await cache.FindAsync(0, "triage-b", Cancellation);
        var otherAgents = await cache.FindAsync(0, "triage-x-c", Cancellation);

        Assert.Equal((StepNames.Delegate, CheckpointStatus.Waiting), (first!.Current!.StepName, first.Current.Status));
        Assert.Equal(StepNames.Perceive, second!.Current!.StepName);
        Assert.Null(otherAgents);
        Assert.Equal([0L, writtenBefore, log.Count], log.ReadsFrom);
        Assert.Equal(0, log.FullReads);
    }

    [Fact]
    public async Task FindAsync_RunMovedOnElsewhere_SeesItsNewStepsAndHandsOutCopies()
    {
        var log = new ListLog();
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
        var log = new ListLog();
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
        new(runId, agent, "1", new RunInput("events", 0, 7, "event-1", "com.github.issues.opened"), index, name, status, parent ?? (index == 0 ? null : index - 1),
            JsonText.From(JsonSerializer.SerializeToElement(new { turns = Array.Empty<object>() })), [], [], s_now, s_now);

    /// <summary>Partition 0 of a checkpoints topic as a list of Avro records, remembering how it was read.</summary>
    private sealed class ListLog : ICheckpointLog
    {
        private readonly List<CheckpointLogRecord> _records = [];

        public string Topic => "checkpoints";

        public CheckpointCodec Codec { get; } = AmbientRecordReader.Services.GetRequiredService<CheckpointCodec>();

        public long Count => _records.Count;

        public List<long> ReadsFrom { get; } = [];

        public int FullReads { get; private set; }

        public async Task AppendRunAsync(string runId, string agent, params (string Name, string Status)[] steps)
        {
            for (var index = 0; index < steps.Length; index++)
            {
                await AppendAsync(Step(runId, agent, index, steps[index].Name, steps[index].Status));
            }

            var last = steps[^1];
            var head = new RunHead(runId, agent, "1", new RunInput("events", 0, 7, "event-1", "com.github.issues.opened"), steps.Length - 1, last.Name, last.Status, s_now, s_now);
            _records.Add(new(CheckpointKeys.Head(runId), await Codec.EncodeAsync(head), 0, _records.Count));
        }

        public async Task AppendAsync(Checkpoint step) =>
            _records.Add(new(CheckpointKeys.Step(step.RunId, step.StepIndex), await Codec.EncodeAsync(step), 0, _records.Count));

        public Task WriteAsync(int partition, IReadOnlyList<KeyValuePair<string, byte[]?>> records, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The cache only reads.");

        public async IAsyncEnumerable<CheckpointLogRecord> ReadAsync(int partition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            FullReads++;
            foreach (var record in _records.ToList())
            {
                await Task.Yield();
                yield return record;
            }
        }

        public async IAsyncEnumerable<CheckpointLogRecord> ReadFromAsync(int partition, long offset, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            ReadsFrom.Add(offset);
            foreach (var record in _records.Skip((int)offset).ToList())
            {
                await Task.Yield();
                yield return record;
            }
        }

        public Task<int> PartitionCountAsync(CancellationToken cancellationToken) => Task.FromResult(1);

        public Task DeadLetterAsync(CheckpointLogRecord record, string reader, Exception failure, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"Record {record.Key} should have been readable: {failure.Message}");
    }
}

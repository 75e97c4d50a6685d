using System.Collections.Concurrent;
using System.Diagnostics;
using Ambient.Abstractions.Checkpoints;
using Ambient.Abstractions.Events;
using Ambient.Abstractions.Processing;
using Ambient.Abstractions.Runs;
using Microsoft.Extensions.Logging;

namespace Ambient.Runtime.Checkpoints;

/// <summary>
/// One agent's view of the checkpoints topic, per input partition it owns. The first run on an input
/// partition restores that partition's runs from checkpoint partition P (the same number: the topics are
/// co-partitioned); afterwards every write goes to Kafka and to memory, so the view stays current until
/// the partition is revoked and forgotten. Finished runs keep only their head and the outline of their last step in memory,
/// runs that wait their head, their current step and the outline of the others (<see cref="RunJournal.Slim"/>).
/// </summary>
public sealed class CheckpointStore(ICheckpointLog log, string agent, CheckpointOptions options, TimeProvider time, ILogger logger)
{
    private readonly ConcurrentDictionary<(string Topic, int Partition), Lazy<Task<PartitionRuns>>> _partitions = new();

    /// <summary>The log this store writes to.</summary>
    public ICheckpointLog Log => log;

    /// <summary>Checkpointing settings.</summary>
    public CheckpointOptions Options => options;

    /// <summary>The journal of a run on <paramref name="at"/>'s partition, restoring that partition first if needed.</summary>
    public async Task<RunJournal> OpenAsync(RunId run, EventCoordinates at, CancellationToken cancellationToken)
    {
        var runs = await RestoreAsync(at.Topic, at.Partition, cancellationToken);
        return runs.GetOrAdd(run.Value);
    }

    /// <summary>
    /// The journal of <paramref name="input"/>'s run, read at <paramref name="at"/>: the run under the event's id
    /// (<see cref="RunId.For(string, AmbientEvent)"/>), or, when there is none, a run checkpointed before run ids were
    /// the event's identity under the id its position gave it (<see cref="RunId.ForPosition"/>), if that run is of this
    /// very event (its recorded event id says so): a run in flight when its worker was upgraded resumes under its old id,
    /// and an unrelated event at a reused position (a recreated topic) does not mistake an old run for its own.
    /// Otherwise a new, empty journal under the event's id.
    /// </summary>
    public async Task<RunJournal> OpenForEventAsync(AmbientEvent input, EventCoordinates at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var runs = await RestoreAsync(at.Topic, at.Partition, cancellationToken);
        var run = RunId.For(agent, input).Value;
        return runs.Find(run)
            ?? (runs.Find(RunId.ForPosition(agent, at).Value) is { } positional && positional.Input?.EventId == input.Id ? positional : null)
            ?? runs.GetOrAdd(run);
    }

    /// <summary>Starts restoring a newly assigned partition so its first event does not wait for the whole read.</summary>
    public void Preload(string topic, int partition)
    {
        _partitions.TryRemove((topic, partition), out _);
        _ = RestoreAsync(topic, partition, CancellationToken.None).ContinueWith(
            t => logger.LogCheckpointRestoreFailed(agent, topic, partition, t.Exception!.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>
    /// Makes <paramref name="journal"/> this store's view of its run, for a run resumed outside the event path (an A2A
    /// reply, a deadline): its further steps then keep the store current. A partition still being restored is read
    /// again instead, since its read may end before those steps.
    /// </summary>
    public void Adopt(string topic, int partition, RunJournal journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        if (_partitions.TryGetValue((topic, partition), out var restore) && restore.IsValueCreated && restore.Value.IsCompletedSuccessfully)
        {
            // Completed: GetAwaiter().GetResult() does not block.
            restore.Value.GetAwaiter().GetResult().Put(journal);
        }
        else
        {
            Forget(topic, partition);
        }
    }

    /// <summary>
    /// Whether run <paramref name="runId"/> of a partition this store holds still has steps to go: false once it finished
    /// or when the restored partition does not know it (finished and swept long ago); null while the partition is not
    /// restored here yet, when only reading it would tell.
    /// </summary>
    public bool? IsUnfinished(string topic, int partition, string runId) =>
        Restored(topic, partition) is { } runs ? runs.Find(runId) is { IsFinished: false } : null;

    /// <summary>
    /// Whether run <paramref name="runId"/> is known in the partition and finished (its decision audited); false when it
    /// is unfinished or unknown; null while the partition is not held or still being read.
    /// </summary>
    public bool? IsFinished(string topic, int partition, string runId) =>
        Restored(topic, partition) is { } runs ? runs.Find(runId) is { IsFinished: true } : null;

    // The partition's runs once restored here; null while it is not held or still being read.
    private PartitionRuns? Restored(string topic, int partition) =>
        _partitions.TryGetValue((topic, partition), out var restore) && restore.IsValueCreated && restore.Value.IsCompletedSuccessfully
            ? restore.Value.GetAwaiter().GetResult() // completed: does not block
            : null;

    /// <summary>Drops a revoked partition: its next owner restores it, with whatever we wrote.</summary>
    public void Forget(string topic, int partition) => _partitions.TryRemove((topic, partition), out _);

    /// <summary>
    /// Hands a step and the run's new head (when there is one) to the log, in that order, and applies both to the journal;
    /// returns their acknowledgement, which completes once both are durable. Steps handed over one after another stay in
    /// order on the partition, so a run need not wait for one step's acknowledgement before its next step: it waits
    /// (<see cref="RunRecorder.FlushAsync"/>) before anything that depends on them leaves the process.
    /// </summary>
    /// <exception cref="CheckpointTooLargeException">The step's state is over the configured cap.</exception>
    public async ValueTask<Task> AppendAsync(RunJournal journal, Checkpoint step, RunHead? head, CancellationToken cancellationToken)
    {
        var stateBytes = step.State.Utf8.Length;
        if (stateBytes > options.MaxStateBytes)
        {
            throw new CheckpointTooLargeException(
                $"Run {step.RunId} step {step.StepIndex} ({step.StepName}): its state is {stateBytes:N0} bytes, over {CheckpointOptions.SectionName}:MaxStateBytes ({options.MaxStateBytes:N0}). The run fails rather than lose state; raise the cap or lower the agent's maxTurns.");
        }

        var acknowledged = Task.CompletedTask;
        if (options.Enabled)
        {
            KeyValuePair<string, byte[]?> stepRecord = new(CheckpointKeys.Step(step.RunId, step.StepIndex), await log.Codec.EncodeAsync(step, cancellationToken));
            // Not cancellable: a record handed to the producer cannot be called back, and the journal counts on it.
            acknowledged = log.WriteAsync(step.Input.Partition,
                head is null ? [stepRecord] : [stepRecord, new(CheckpointKeys.Head(head.RunId), await log.Codec.EncodeAsync(head, cancellationToken))],
                CancellationToken.None);
        }

        journal.Apply(step);
        if (head is not null)
        {
            journal.Apply(head);
        }

        if (FaultInjection.IsKillPoint(options))
        {
            await acknowledged;
            FaultInjection.Kill(options);
        }

        return acknowledged;
    }

    /// <summary>Rewrites steps with a new status (rollbacks), highest index first so a crash halfway leaves a consistent chain.</summary>
    public async Task RewriteAsync(RunJournal journal, IReadOnlyList<Checkpoint> steps, CancellationToken cancellationToken)
    {
        foreach (var step in steps.OrderByDescending(s => s.StepIndex))
        {
            if (options.Enabled)
            {
                await log.WriteAsync(step.Input.Partition, [new(CheckpointKeys.Step(step.RunId, step.StepIndex), await log.Codec.EncodeAsync(step, cancellationToken))], cancellationToken);
            }

            journal.Apply(step);
        }
    }

    /// <summary>
    /// Tombstones finished runs whose last update is older than the retention and outside the rollback
    /// window, in the partitions this store has loaded. Returns how many runs were removed.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var keep = options.Retention > options.RollbackWindow ? options.Retention : options.RollbackWindow;
        var removed = 0;
        foreach (var ((_, partition), lazy) in _partitions)
        {
            if (!lazy.IsValueCreated || !lazy.Value.IsCompletedSuccessfully)
            {
                continue;
            }

            var runs = await lazy.Value;
            foreach (var journal in runs.Finished(now - keep))
            {
                if (options.Enabled)
                {
                    await log.WriteAsync(partition, [.. journal.Keys().Select(k => new KeyValuePair<string, byte[]?>(k, null))], cancellationToken);
                }

                runs.Remove(journal.RunId);
                removed++;
            }
        }

        return removed;
    }

    private Task<PartitionRuns> RestoreAsync(string topic, int partition, CancellationToken cancellationToken)
    {
        var restore = _partitions.GetOrAdd((topic, partition), key => new Lazy<Task<PartitionRuns>>(() => ReadAsync(key.Topic, key.Partition, cancellationToken)));
        if (restore.IsValueCreated && (restore.Value.IsFaulted || restore.Value.IsCanceled))
        {
            // A failed restore (broker or Schema Registry outage) is not remembered: the retry of the event reads again.
            _partitions.TryRemove(new KeyValuePair<(string, int), Lazy<Task<PartitionRuns>>>((topic, partition), restore));
            restore = _partitions.GetOrAdd((topic, partition), key => new Lazy<Task<PartitionRuns>>(() => ReadAsync(key.Topic, key.Partition, cancellationToken)));
        }

        return restore.Value;
    }

    private async Task<PartitionRuns> ReadAsync(string topic, int partition, CancellationToken cancellationToken)
    {
        var runs = new PartitionRuns();
        if (!options.Enabled)
        {
            return runs;
        }

        var partitions = await log.PartitionCountAsync(cancellationToken);
        if (partition >= partitions)
        {
            // The topics' layout, not the event: its consumer waits (never dead-letters it) until the topic has the partition.
            throw new DependencyUnavailableException(
                $"Input partition {topic}/{partition} has no checkpoint partition: the checkpoints topic {log.Topic} has {partitions} partitions. Give it as many partitions as the event topics (they are co-partitioned): `ambient topics init --repair`.");
        }

        var started = Stopwatch.GetTimestamp();
        var prefix = agent + "-";
        var read = 0;
        await foreach (var record in log.ReadAsync(partition, cancellationToken))
        {
            read++;
            var (runId, step) = CheckpointKeys.Parse(record.Key);
            if (!runId.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var journal = runs.GetOrAdd(runId);
            await CheckpointRecords.ApplyAsync(log, journal, record, step, agent, logger, cancellationToken);
            runs.DropIfNotOurs(journal, agent, topic);
        }

        runs.Slim();
        var elapsed = Stopwatch.GetElapsedTime(started);
        RuntimeTelemetry.CheckpointRestore.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("agent", agent));
        logger.LogCheckpointsRestored(agent, topic, partition, read, runs.Count, elapsed.TotalMilliseconds);
        return runs;
    }

    /// <summary>The runs of one input partition, by run id.</summary>
    private sealed class PartitionRuns
    {
        private readonly Dictionary<string, RunJournal> _runs = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _runs.Count;
                }
            }
        }

        public RunJournal GetOrAdd(string runId)
        {
            lock (_lock)
            {
                if (!_runs.TryGetValue(runId, out var journal))
                {
                    _runs[runId] = journal = new RunJournal(runId);
                }

                return journal;
            }
        }

        public RunJournal? Find(string runId)
        {
            lock (_lock)
            {
                return _runs.GetValueOrDefault(runId);
            }
        }

        public void Put(RunJournal journal)
        {
            lock (_lock)
            {
                _runs[journal.RunId] = journal;
            }
        }

        public void Remove(string runId)
        {
            lock (_lock)
            {
                _runs.Remove(runId);
            }
        }

        public void DropIfNotOurs(RunJournal journal, string agent, string topic)
        {
            // Another agent whose name extends ours, or another input topic on the same partition number: not ours.
            if ((journal.Agent is { } owner && owner != agent) || (journal.InputTopic is { } input && input != topic) || journal.IsEmpty)
            {
                Remove(journal.RunId);
            }
        }

        /// <summary>Every run keeps in memory only what it needs from here on (<see cref="RunJournal.Slim"/>); rollbacks read their steps from the log.</summary>
        public void Slim()
        {
            lock (_lock)
            {
                foreach (var journal in _runs.Values)
                {
                    journal.Slim();
                }
            }
        }

        public List<RunJournal> Finished(DateTimeOffset before)
        {
            lock (_lock)
            {
                return [.. _runs.Values.Where(j => j.IsFinished && j.Head is { } head && head.UpdatedAt < before)];
            }
        }
    }
}

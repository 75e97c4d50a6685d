using Ambient.Abstractions.Checkpoints;
using Microsoft.Extensions.Logging;

namespace Ambient.Runtime.Checkpoints;

/// <summary>
/// One agent's runs on checkpoint partitions it reads outside its own event partitions: where A2A replies find the
/// runs parked waiting for them. The first lookup on a partition reads it whole; later ones read only what was
/// written since (by any worker), so a reply costs the records since the last one, not the whole partition.
/// Lookups hand out copies: the caller may run on from one while the cache keeps reading the log. A partition stays
/// cached after its replies move to another worker (memory is one entry per run, finished runs by their last step),
/// so reassigning it back costs only the records written meanwhile.
/// </summary>
internal sealed class PartitionRunCache(ICheckpointLog log, string agent, ILogger logger)
{
    private readonly Dictionary<int, Partition> _partitions = [];
    private readonly Lock _lock = new();

    /// <summary>A copy of the run as the partition holds it now, or null when it is not there (never ran, or removed).</summary>
    public async Task<RunJournal?> FindAsync(int partition, string runId, CancellationToken cancellationToken)
    {
        var runs = await CatchUpAsync(partition, cancellationToken);

        // A finished run kept here only by its last step, then rolled back and running again: its earlier steps
        // matter again (the chain, the tokens spent), so this rare one is read whole.
        return runs.IsPartial(runId)
            ? await RunCatalog.LoadRunAsync(log, partition, runId, cancellationToken, logger, agent)
            : runs.Find(runId);
    }

    /// <summary>Copies of every run of the agent on the partition as it holds them now.</summary>
    public async Task<IReadOnlyList<RunJournal>> AllAsync(int partition, CancellationToken cancellationToken)
    {
        var runs = await CatchUpAsync(partition, cancellationToken);
        return runs.All();
    }

    private async Task<Partition> CatchUpAsync(int partition, CancellationToken cancellationToken)
    {
        Partition runs;
        lock (_lock)
        {
            if (!_partitions.TryGetValue(partition, out runs!))
            {
                _partitions[partition] = runs = new Partition();
            }
        }

        await runs.Reading.WaitAsync(cancellationToken);
        try
        {
            var prefix = agent + "-";
            await foreach (var record in log.ReadFromAsync(partition, runs.NextOffset, cancellationToken))
            {
                runs.NextOffset = record.Offset + 1;
                var (runId, step) = CheckpointKeys.Parse(record.Key);
                if (runId.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var journal = runs.GetOrAdd(runId);
                    await CheckpointRecords.ApplyAsync(log, journal, record, step, agent, logger, cancellationToken);
                    runs.Tidy(journal, agent);
                }
            }

            return runs;
        }
        finally
        {
            runs.Reading.Release();
        }
    }

    /// <summary>The runs read so far from one partition, and where the next read starts.</summary>
    private sealed class Partition
    {
        private readonly Dictionary<string, RunJournal> _runs = new(StringComparer.Ordinal);
        private readonly HashSet<string> _compacted = new(StringComparer.Ordinal);
        private readonly Lock _lock = new();

        /// <summary>One catch-up at a time; lookups wait for it.</summary>
        public SemaphoreSlim Reading { get; } = new(1, 1);

        public long NextOffset { get; set; }

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

        /// <summary>
        /// Keeps memory to what lookups need: tombstoned runs and other agents' (whose names extend ours) go, and a
        /// finished run keeps only its last step, enough to say it is no longer waiting.
        /// </summary>
        public void Tidy(RunJournal journal, string agent)
        {
            lock (_lock)
            {
                if (journal.IsEmpty || (journal.Agent is { } owner && owner != agent))
                {
                    _runs.Remove(journal.RunId);
                    _compacted.Remove(journal.RunId);
                    return;
                }

                if (journal.IsFinished && journal.Steps.Count > 1)
                {
                    _compacted.Add(journal.RunId);
                    journal.KeepLastStepSummary();
                }
            }
        }

        /// <summary>Whether the run lost steps to <see cref="Tidy"/> when it finished and is no longer finished.</summary>
        public bool IsPartial(string runId)
        {
            lock (_lock)
            {
                return _compacted.Contains(runId) && _runs.TryGetValue(runId, out var journal) && !journal.IsFinished;
            }
        }

        public RunJournal? Find(string runId)
        {
            lock (_lock)
            {
                return _runs.TryGetValue(runId, out var journal) ? journal.Copy() : null;
            }
        }

        public List<RunJournal> All()
        {
            lock (_lock)
            {
                return [.. _runs.Values.Select(j => j.Copy())];
            }
        }
    }
}

using Ambient.Abstractions.Checkpoints;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ambient.Runtime.Checkpoints;

/// <summary>
/// Reads runs straight from the checkpoints topic: for inspection, rollbacks and replays. Unreadable records are
/// logged to <c>logger</c>, copied to the dead-letter topic and skipped (see <see cref="CheckpointRecords"/>).
/// </summary>
public static class RunCatalog
{
    // Names the reader in dead-letter headers: the operator's tools and rollbacks, not an agent's restore.
    private const string Reader = "run-catalog";

    /// <summary>
    /// Every run on one checkpoint partition (or only those <paramref name="include"/> accepts by run id).
    /// <paramref name="reader"/> names who read an unreadable record in its dead-letter copy (an agent resuming its runs).
    /// </summary>
    public static async Task<Dictionary<string, RunJournal>> LoadPartitionAsync(ICheckpointLog log, int partition, Func<string, bool>? include, CancellationToken cancellationToken,
        ILogger? logger = null, string? reader = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var runs = new Dictionary<string, RunJournal>(StringComparer.Ordinal);
        await foreach (var record in log.ReadAsync(partition, cancellationToken))
        {
            var (runId, step) = CheckpointKeys.Parse(record.Key);
            if (include is not null && !include(runId))
            {
                continue;
            }

            if (!runs.TryGetValue(runId, out var journal))
            {
                runs[runId] = journal = new RunJournal(runId);
            }

            await CheckpointRecords.ApplyAsync(log, journal, record, step, reader ?? Reader, logger ?? NullLogger.Instance, cancellationToken);
        }

        // Fully tombstoned runs are gone.
        foreach (var gone in runs.Where(r => r.Value.Head is null && r.Value.Steps.Count == 0).Select(r => r.Key).ToList())
        {
            runs.Remove(gone);
        }

        return runs;
    }

    /// <summary>Every run on every partition of the checkpoints topic.</summary>
    public static async Task<Dictionary<string, RunJournal>> LoadAllAsync(ICheckpointLog log, Func<string, bool>? include, CancellationToken cancellationToken, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        var all = new Dictionary<string, RunJournal>(StringComparer.Ordinal);
        var partitions = await log.PartitionCountAsync(cancellationToken);
        for (var partition = 0; partition < partitions; partition++)
        {
            foreach (var (runId, journal) in await LoadPartitionAsync(log, partition, include, cancellationToken, logger))
            {
                all[runId] = journal;
            }
        }

        return all;
    }

    /// <summary>One run, read from the partition its input was on.</summary>
    public static async Task<RunJournal?> LoadRunAsync(ICheckpointLog log, int partition, string runId, CancellationToken cancellationToken, ILogger? logger = null,
        string? reader = null) =>
        (await LoadPartitionAsync(log, partition, id => id == runId, cancellationToken, logger, reader)).GetValueOrDefault(runId);
}

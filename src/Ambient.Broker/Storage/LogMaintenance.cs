using Microsoft.Extensions.Logging;

namespace Ambient.Broker.Storage;

/// <summary>
/// Background upkeep of every log: time and size retention for <c>cleanup.policy=delete</c>, compaction
/// for <c>compact</c> (both for <c>compact,delete</c>), and closing segments whose deletion delay is over.
/// One loop does all three in turn, so retention and the cleaner never race on the same segments.
/// </summary>
internal sealed class LogMaintenance(TopicStore topics, BrokerOptions options, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly LogCleaner _cleaner = new();
    private Task _loop = Task.CompletedTask;
    private long _nextRetentionMs;

    public void Start() => _loop = Task.Run(LoopAsync);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        foreach (var partition in topics.All.SelectMany(t => t.Partitions))
        {
            partition.PurgeRetiredSegments(force: true);
        }
    }

    public void Dispose() => _stop.Dispose();

    /// <summary>One maintenance pass over every partition (also called directly by tests and the loop).</summary>
    public void RunOnce(bool forceRetention)
    {
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var retentionDue = forceRetention || nowMs >= _nextRetentionMs;
        if (retentionDue)
        {
            _nextRetentionMs = nowMs + (long)options.RetentionCheckInterval.TotalMilliseconds;
        }

        foreach (var partition in topics.All.SelectMany(t => t.Partitions))
        {
            try
            {
                if (retentionDue && partition.Config.IsDeleteRetained)
                {
                    EnforceRetention(partition, nowMs);
                }

                if (partition.Config.IsCompacted && _cleaner.Clean(partition, nowMs) is { } cleaned)
                {
                    logger.LogCompacted(partition.Topic, partition.Partition, cleaned.Before, cleaned.After, cleaned.Segments);
                }

                partition.PurgeRetiredSegments();
            }
            catch (ObjectDisposedException)
            {
                // The topic was deleted while we worked on it.
            }
            catch (Exception ex) when (ex is IOException or Records.CorruptRecordException or UnauthorizedAccessException)
            {
                logger.LogMaintenanceFailed(ex, partition.Topic, partition.Partition);
            }
        }
    }

    private void EnforceRetention(PartitionLog partition, long nowMs)
    {
        var config = partition.Config;
        var deleted = partition.DeleteOldSegments((segment, remainingBytes) =>
            (config.RetentionMs >= 0 && nowMs - (segment.MaxTimestamp >= 0 ? segment.MaxTimestamp : segment.CreatedAtMs) > config.RetentionMs)
            || (config.RetentionBytes >= 0 && remainingBytes - segment.Size >= config.RetentionBytes));
        if (deleted > 0)
        {
            logger.LogRetentionDeleted(deleted, partition.Topic, partition.Partition, partition.LogStartOffset);
        }
    }

    private async Task LoopAsync()
    {
        var interval = TimeSpan.FromTicks(Math.Min(options.CleanerBackoff.Ticks, options.RetentionCheckInterval.Ticks));
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                RunOnce(forceRetention: false);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}

namespace Ambient.Abstractions.Checkpoints;

/// <summary>
/// The checkpoints topic, partition by partition. Partition P holds the runs of input partition P of
/// every input topic (the topics are co-partitioned), so a worker restores only what it was assigned.
/// </summary>
public interface ICheckpointLog
{
    /// <summary>Writes records, in order, to one partition; completes when all are acknowledged. A null value is a tombstone.</summary>
    Task WriteAsync(int partition, IReadOnlyList<KeyValuePair<string, byte[]?>> records, CancellationToken cancellationToken);

    /// <summary>Reads one partition from its start to the end it had when the read began (tombstones as null values).</summary>
    IAsyncEnumerable<KeyValuePair<string, byte[]?>> ReadAsync(int partition, CancellationToken cancellationToken);

    /// <summary>The number of partitions of the checkpoints topic.</summary>
    Task<int> PartitionCountAsync(CancellationToken cancellationToken);
}

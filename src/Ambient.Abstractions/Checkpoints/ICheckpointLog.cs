namespace Ambient.Abstractions.Checkpoints;

/// <summary>
/// The checkpoints topic, partition by partition. Partition P holds the runs of input partition P of
/// every input topic (the topics are co-partitioned), so a worker restores only what it was assigned.
/// </summary>
public interface ICheckpointLog
{
    /// <summary>The topic's name, for messages that name where a record is.</summary>
    string Topic { get; }

    /// <summary>How the topic's records are encoded.</summary>
    CheckpointCodec Codec { get; }

    /// <summary>
    /// Writes records, in order, to one partition; completes when all are acknowledged. A null value is a tombstone. The
    /// records are handed to the producer before this returns, so writes started one after another stay in order
    /// without waiting for each other's acknowledgement.
    /// </summary>
    Task WriteAsync(int partition, IReadOnlyList<KeyValuePair<string, byte[]?>> records, CancellationToken cancellationToken);

    /// <summary>Reads one partition from its start to the end it had when the read began (tombstones as null values).</summary>
    IAsyncEnumerable<CheckpointLogRecord> ReadAsync(int partition, CancellationToken cancellationToken);

    /// <summary>
    /// Reads one partition from <paramref name="offset"/> to the end it had when the read began: what was written
    /// since an earlier read. The default reads from the start and skips the older records; Kafka seeks.
    /// </summary>
    async IAsyncEnumerable<CheckpointLogRecord> ReadFromAsync(int partition, long offset, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in ReadAsync(partition, cancellationToken))
        {
            if (record.Offset >= offset)
            {
                yield return record;
            }
        }
    }

    /// <summary>The number of partitions of the checkpoints topic.</summary>
    Task<int> PartitionCountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Copies a record that cannot be read to the dead-letter topic with the error headers, so the reader can skip it
    /// and nothing is lost. Completes when the copy is acknowledged.
    /// </summary>
    /// <param name="record">The unreadable record.</param>
    /// <param name="reader">Who could not read it (an agent's restore, the CLI).</param>
    /// <param name="failure">Why.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    Task DeadLetterAsync(CheckpointLogRecord record, string reader, Exception failure, CancellationToken cancellationToken);
}

using System.Collections.Concurrent;
using Ambient.Abstractions.Processing;
using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Confluent.Kafka;

namespace Ambient.Executor.Ledger;

/// <summary>
/// The executor's ledger on a compacted topic co-partitioned with the actions: the entries of actions partition P live in
/// ledger partition P, read whole when the executor is assigned P and kept in memory while it owns it. An entry is
/// written, and acknowledged by Kafka, before the executor goes on: <c>started</c> before it calls a target, the final
/// state before the action's offset is stored.
/// </summary>
public sealed class ActionLedger(IRecordPublisher publisher, AmbientKafkaOptions kafka, string topic)
{
    private readonly ConcurrentDictionary<int, Lazy<Task<ConcurrentDictionary<string, LedgerEntry>>>> _partitions = new();

    /// <summary>Starts reading the ledger partitions of newly assigned actions partitions, so their first action finds them ready.</summary>
    public void Assigned(IEnumerable<int> partitions)
    {
        foreach (var partition in partitions)
        {
            _ = Partition(partition);
        }
    }

    /// <summary>Forgets partitions another executor now owns (it reads them itself).</summary>
    public void Revoked(IEnumerable<int> partitions)
    {
        foreach (var partition in partitions)
        {
            _partitions.TryRemove(partition, out _);
        }
    }

    /// <summary>The latest entry of <paramref name="actionId"/> in <paramref name="partition"/>, or null.</summary>
    public async Task<LedgerEntry?> FindAsync(string actionId, int partition, CancellationToken cancellationToken) =>
        (await Partition(partition).WaitAsync(cancellationToken)).GetValueOrDefault(actionId);

    /// <summary>Writes <paramref name="entry"/> to <paramref name="partition"/> and returns once Kafka acknowledged it.</summary>
    public async Task RecordAsync(LedgerEntry entry, int partition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await publisher.PublishAsync(new OutgoingRecord(topic, entry.ActionId, entry.ToBytes(), s_headers) { Partition = partition }, cancellationToken);
        (await Partition(partition).WaitAsync(cancellationToken))[entry.ActionId] = entry;
    }

    private static readonly Dictionary<string, string> s_headers = new(StringComparer.Ordinal) { ["content-type"] = "application/json" };

    private Task<ConcurrentDictionary<string, LedgerEntry>> Partition(int partition)
    {
        var load = _partitions.GetOrAdd(partition, p => new(() => Task.Run(() => Read(p))));
        if (load.Value.IsFaulted)
        {
            // A broker outage while reading: the next action of the partition reads again.
            _partitions.TryRemove(new(partition, load));
        }

        return load.Value;
    }

    private ConcurrentDictionary<string, LedgerEntry> Read(int partition)
    {
        var entries = new ConcurrentDictionary<string, LedgerEntry>(StringComparer.Ordinal);
        using var reader = new TopicReader(kafka);
        var topicPartition = new TopicPartition(topic, partition);
        var end = reader.Watermarks(topicPartition);
        if (end.High.Value <= end.Low.Value)
        {
            return entries;
        }

        var whole = reader.Read([new TopicPartitionOffset(topicPartition, end.Low)], record =>
        {
            if (record.Message.Value is { } value && LedgerEntry.TryRead(value) is { } entry)
            {
                entries[entry.ActionId] = entry;
            }
            else if (record.Message.Value is null && record.Message.Key is { } key)
            {
                entries.TryRemove(key, out _);
            }

            return record.Offset.Value < end.High.Value - 1;
        }, CancellationToken.None);
        return whole ? entries : throw new TimeoutException($"Reading the action ledger {topic}/{partition}: no record within {TopicReader.Timeout.TotalSeconds} s (end offset {end.High.Value}).");
    }
}

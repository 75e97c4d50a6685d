using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Confluent.Kafka;

namespace Ambient.Executor.Ledger;

/// <summary>Reads the ledger as an operator's tool does: the latest entries of one run's actions, whatever executor wrote them.</summary>
public static class LedgerReader
{
    /// <summary>
    /// The latest entry of each action of <paramref name="runId"/> (ids <c>&lt;run&gt;/...</c>), read across every partition
    /// of <paramref name="topic"/>; empty when the topic does not exist (no executor ever ran).
    /// </summary>
    public static Dictionary<string, LedgerEntry> ForRun(AmbientKafkaOptions kafka, string topic, string runId, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        using var reader = new TopicReader(kafka);
        if (reader.Describe(topic) is not { Error.IsError: false } metadata)
        {
            return entries;
        }

        var ends = new Dictionary<int, long>();
        var starts = new List<TopicPartitionOffset>();
        foreach (var partition in metadata.Partitions)
        {
            var at = new TopicPartition(topic, partition.PartitionId);
            var marks = reader.Watermarks(at);
            if (marks.High.Value > marks.Low.Value)
            {
                ends[partition.PartitionId] = marks.High.Value;
                starts.Add(new TopicPartitionOffset(at, marks.Low));
            }
        }

        var prefix = runId + "/";
        reader.Read(starts, record =>
        {
            if (record.Message.Key?.StartsWith(prefix, StringComparison.Ordinal) == true && LedgerEntry.TryRead(record.Message.Value) is { } entry)
            {
                entries[entry.ActionId] = entry;
            }

            return record.Offset.Value < ends[record.Partition.Value] - 1;
        }, cancellationToken);
        return entries;
    }
}

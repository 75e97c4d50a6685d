using Ambient.Kafka.Configuration;
using Confluent.Kafka;

namespace Ambient.Kafka.Reading;

/// <summary>Reads a topic once, whole: every partition from its first record to its end at the time, as a command reads a compacted topic.</summary>
public static class WholeTopic
{
    /// <summary>Hands every record of <paramref name="topic"/> to <paramref name="handle"/>, partition by partition, in offset order. Blocking.</summary>
    /// <exception cref="InvalidOperationException">The topic does not exist, or Kafka did not deliver it in time; the message says which.</exception>
    public static void Read(AmbientKafkaOptions kafka, string topic, Action<ConsumeResult<string?, byte[]>> handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        using var reader = new TopicReader(kafka);
        var metadata = reader.Describe(topic);
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
        {
            throw new InvalidOperationException($"the topic {topic} does not exist ({metadata?.Error.Reason ?? "no metadata"}); `ambient topics init` creates it");
        }

        var starts = metadata.Partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)).ToList();
        if (!reader.Read(starts, record =>
        {
            handle(record);
            return true;
        }, cancellationToken))
        {
            throw new InvalidOperationException($"Kafka did not deliver {topic} within {TopicReader.Timeout.TotalSeconds} s");
        }
    }
}

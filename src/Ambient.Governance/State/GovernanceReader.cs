using Ambient.Kafka.Configuration;
using Ambient.Kafka.Reading;
using Confluent.Kafka;

namespace Ambient.Governance.State;

/// <summary>Reads the governance topic once, whole: what the CLI shows as in force.</summary>
public static class GovernanceReader
{
    /// <summary>The state the topic holds now.</summary>
    /// <exception cref="InvalidOperationException">The topic does not exist, or Kafka did not answer in time; the message says which.</exception>
    public static Task<GovernanceSnapshot> ReadAsync(AmbientKafkaOptions kafka, string topic, CancellationToken cancellationToken) => Task.Run(() =>
    {
        using var reader = new TopicReader(kafka);
        var metadata = reader.Describe(topic);
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
        {
            throw new InvalidOperationException($"the governance topic {topic} does not exist ({metadata?.Error.Reason ?? "no metadata"}); `ambient topics init` creates it");
        }

        var state = new GovernanceState();
        var starts = metadata.Partitions.Select(p => new TopicPartitionOffset(topic, p.PartitionId, Offset.Beginning)).ToList();
        if (!reader.Read(starts, record =>
        {
            state.Apply(record.Message.Key, record.Message.Value);
            return true;
        }, cancellationToken))
        {
            throw new InvalidOperationException($"Kafka did not deliver {topic} within {TopicReader.Timeout.TotalSeconds} s");
        }

        return state.Current;
    }, cancellationToken);
}

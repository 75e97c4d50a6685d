using Ambient.Kafka.Configuration;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Ambient.Kafka.Lag;

/// <summary>
/// Reads what KEDA's Kafka scaler reads: the partitions of a topic (or of every topic the group has committed
/// offsets for, when no topic is given), the group's committed offsets (OffsetFetch) and the end offsets
/// (ListOffsets latest).
/// </summary>
public sealed class ConsumerGroupOffsetsReader(AmbientKafkaOptions options)
{
    /// <summary>The offsets of <paramref name="group"/> on <paramref name="topic"/>, or on all its committed topics when null.</summary>
    /// <exception cref="KafkaOperationException">Kafka is unreachable, timed out, or the topic does not exist.</exception>
    public async Task<IReadOnlyList<PartitionOffsets>> ReadAsync(string group, string? topic, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        using var admin = KafkaClientConfigs.Build("Admin", () => new AdminClientBuilder(KafkaClientConfigs.Admin(options)).Build());
        try
        {
            var topics = topic is { Length: > 0 } ? [topic] : await CommittedTopicsAsync(admin, group, timeout, cancellationToken);
            var partitions = topics.SelectMany(name => PartitionsOf(admin, name, timeout)).ToList();
            if (partitions.Count == 0)
            {
                return [];
            }

            var committed = await admin.ListConsumerGroupOffsetsAsync(
                [new ConsumerGroupTopicPartitions(group, partitions)],
                new ListConsumerGroupOffsetsOptions { RequestTimeout = timeout }).WaitAsync(cancellationToken);
            var committedByPartition = committed.SelectMany(result => result.Partitions)
                .ToDictionary(p => p.TopicPartition, p => p.Offset.IsSpecial ? (long?)null : p.Offset.Value);
            var ends = await admin.ListOffsetsAsync(
                partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Latest() }),
                new ListOffsetsOptions { RequestTimeout = timeout }).WaitAsync(cancellationToken);
            var endByPartition = ends.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.TopicPartition, r => r.TopicPartitionOffsetError.Offset.Value);

            return [.. partitions
                .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value)
                .Select(p => new PartitionOffsets(p.Topic, p.Partition.Value, committedByPartition.GetValueOrDefault(p), endByPartition[p]))];
        }
        catch (KafkaException ex)
        {
            throw new KafkaOperationException(
                $"Could not read the offsets of group {group} at {options.BootstrapServers}: {ex.Error.Reason} [{ex.Error.Code}]", ex);
        }
    }

    private static async Task<List<string>> CommittedTopicsAsync(IAdminClient admin, string group, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // No partitions asked for: OffsetFetch with null topics returns every partition the group committed (KEDA does the same).
        var results = await admin.ListConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitions(group, null)],
            new ListConsumerGroupOffsetsOptions { RequestTimeout = timeout }).WaitAsync(cancellationToken);
        return [.. results.SelectMany(r => r.Partitions).Select(p => p.Topic).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    private static IEnumerable<TopicPartition> PartitionsOf(IAdminClient admin, string topic, TimeSpan timeout)
    {
        var metadata = admin.GetMetadata(topic, timeout).Topics.Single();
        if (metadata.Error.IsError)
        {
            throw new KafkaOperationException($"Topic {topic}: {metadata.Error.Reason} [{metadata.Error.Code}]");
        }

        return metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId));
    }
}

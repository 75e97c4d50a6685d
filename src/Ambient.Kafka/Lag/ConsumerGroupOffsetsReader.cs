using Ambient.Kafka.Configuration;
using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Ambient.Kafka.Lag;

/// <summary>
/// Reads what KEDA's Kafka scaler reads: the partitions of a topic (or of every topic the group has committed
/// offsets for, when no topic is given), the group's committed offsets (OffsetFetch) and the end offsets
/// (ListOffsets latest).
/// </summary>
public sealed class ConsumerGroupOffsetsReader(AmbientKafkaOptions options) : IDisposable
{
    // One admin client for the reader's life: the console and the operator read every agent's lag every few seconds, and a
    // client per read meant a new connection, bootstrap and set of librdkafka threads each time.
    private readonly Lock _lock = new();
    private IAdminClient? _admin;
    private bool _disposed;

    /// <summary>The offsets of <paramref name="group"/> on <paramref name="topic"/>, or on all its committed topics when null.</summary>
    /// <exception cref="KafkaOperationException">Kafka is unreachable, timed out, or the topic does not exist.</exception>
    public async Task<IReadOnlyList<PartitionOffsets>> ReadAsync(string group, string? topic, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        try
        {
            var admin = Admin();
            var topics = topic is { Length: > 0 } ? [topic] : await CommittedTopicsAsync(admin, group, timeout, cancellationToken);
            // Metadata of all topics, not of the named ones: asking for a topic by name lets a broker with
            // auto.create.topics.enable create it, and a lag query must never create a topic.
            var metadata = admin.GetMetadata(timeout);
            var partitions = topics.SelectMany(name => PartitionsOf(metadata, name)).ToList();
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
            var endByPartition = ends.ResultInfos.Select(r => r.TopicPartitionOffsetError).ToDictionary(r => r.TopicPartition, r => r.Error.IsError
                ? throw new KafkaOperationException($"Could not read the end offset of {r.TopicPartition}: {r.Error.Reason} [{r.Error.Code}]")
                : r.Offset.Value);

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

    /// <summary>Closes the admin client, if one was opened.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _admin?.Dispose();
            _admin = null;
        }
    }

    // Built at the first read, not before: a client that cannot be built (a bad setting) fails that read, and the next
    // read tries again.
    private IAdminClient Admin()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _admin ??= KafkaClientConfigs.Build("Admin", () => new AdminClientBuilder(KafkaClientConfigs.Admin(options)).Build());
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

    private static IEnumerable<TopicPartition> PartitionsOf(Metadata metadata, string topic)
    {
        var found = metadata.Topics.SingleOrDefault(t => t.Topic == topic)
            ?? throw new KafkaOperationException($"Topic {topic} does not exist at {string.Join(",", metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"))}.");
        if (found.Error.IsError)
        {
            throw new KafkaOperationException($"Topic {topic}: {found.Error.Reason} [{found.Error.Code}]");
        }

        return found.Partitions.Select(p => new TopicPartition(topic, p.PartitionId));
    }
}

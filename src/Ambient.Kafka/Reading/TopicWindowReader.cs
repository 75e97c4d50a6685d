using Ambient.Abstractions.Events;
using Ambient.Kafka.CloudEvents;
using Ambient.Kafka.Configuration;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Reading;

/// <summary>
/// Reads the CloudEvents that arrived on some topics in a time window, using the brokers' time index
/// (offsets for timestamps) rather than scanning from the beginning. Records that are not CloudEvents
/// are skipped. For reports such as the weekly digest, not for processing.
/// </summary>
public sealed class TopicWindowReader(IOptions<AmbientKafkaOptions> options)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    /// <summary>Every CloudEvent on <paramref name="topics"/> with a record timestamp in [<paramref name="from"/>, <paramref name="to"/>); missing topics are skipped.</summary>
    public List<AmbientEvent> Read(IEnumerable<string> topics, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Read(topics, from, to, ToCloudEvent, missingTopicIsError: false, cancellationToken);

    /// <summary>
    /// The identity of every binary-mode CloudEvent on <paramref name="topics"/> with a timestamp in [<paramref name="from"/>,
    /// <paramref name="to"/>), read from its headers alone: no record value is kept, however large.
    /// </summary>
    /// <exception cref="KafkaOperationException">A topic does not exist (<see cref="KafkaFailure.UnknownTopic"/>).</exception>
    public List<CloudEventIdentity> ReadIdentities(IEnumerable<string> topics, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Read(topics, from, to, CloudEventIdentity.FromHeaders, missingTopicIsError: true, cancellationToken);

    private List<T> Read<T>(IEnumerable<string> topics, DateTimeOffset from, DateTimeOffset to, Func<Message<string?, byte[]>, T?> select, bool missingTopicIsError,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(select);
        var config = KafkaClientConfigs.Reader(options.Value);
        config.EnablePartitionEof = true;

        // Metadata asked through the consumer's handle, which does not auto-create: reading a window must never create a
        // topic (a broker with auto.create.topics.enable would make a one-partition, 1 MB-record topic of a missing one).
        config.AllowAutoCreateTopics = false;
        using var consumer = new ConsumerBuilder<string?, byte[]>(config).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var selected = new List<T>();
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, s_timeout).Topics.SingleOrDefault();
            if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
            {
                if (missingTopicIsError)
                {
                    var error = metadata?.Error.Reason ?? "no metadata";
                    throw new KafkaOperationException($"Topic '{topic}' does not exist or cannot be described ({error}); create it with `ambient topics init` or fix its name in configuration.",
                        [topic], isFatal: false, KafkaFailure.UnknownTopic, new KafkaException(metadata?.Error ?? new Error(ErrorCode.UnknownTopicOrPart)));
                }

                continue;
            }

            var start = consumer.OffsetsForTimes(
                [.. metadata.Partitions.Select(p => new TopicPartitionTimestamp(topic, p.PartitionId, new Timestamp(from.UtcDateTime)))], s_timeout);
            var assigned = start.Where(s => s.Offset != Offset.End).ToList();
            if (assigned.Count == 0)
            {
                continue;
            }

            consumer.Assign(assigned);
            var open = assigned.Select(a => a.TopicPartition).ToHashSet();
            while (open.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var record = consumer.Consume(s_timeout) ?? throw new TimeoutException($"No record or end of partition from {topic} within {s_timeout.TotalSeconds} s.");
                if (record.IsPartitionEOF || record.Message.Timestamp.UtcDateTime >= to.UtcDateTime)
                {
                    open.Remove(record.TopicPartition);
                    continue;
                }

                if (select(record.Message) is { } item)
                {
                    selected.Add(item);
                }
            }

            consumer.Unassign();
        }

        return selected;
    }

    private static AmbientEvent? ToCloudEvent(Message<string?, byte[]> message)
    {
        try
        {
            return CloudEventKafkaBinding.FromMessage(message) with { PartitionKey = message.Key };
        }
        catch (CloudEventFormatException)
        {
            // Not a CloudEvent: not part of any report.
            return null;
        }
    }
}

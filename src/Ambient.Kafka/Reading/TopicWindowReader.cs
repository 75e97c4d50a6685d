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

    /// <summary>
    /// What <paramref name="select"/> keeps of the records on <paramref name="topic"/> with a timestamp in [<paramref name="from"/>,
    /// <paramref name="to"/>) (e.g. the audit records of one agent, by a header); a missing topic reads as none.
    /// </summary>
    public List<T> ReadRecords<T>(string topic, DateTimeOffset from, DateTimeOffset to, Func<Message<string?, byte[]>, T?> select, CancellationToken cancellationToken)
        where T : class => Read([topic], from, to, select, missingTopicIsError: false, cancellationToken);

    private List<T> Read<T>(IEnumerable<string> topics, DateTimeOffset from, DateTimeOffset to, Func<Message<string?, byte[]>, T?> select, bool missingTopicIsError,
        CancellationToken cancellationToken)
        where T : class
    {
        using var reader = new TopicReader(options.Value);
        var selected = new List<T>();
        foreach (var topic in topics)
        {
            var metadata = reader.Describe(topic);
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

            var starts = reader.OffsetsAt(metadata.Partitions.Select(p => new TopicPartition(topic, p.PartitionId)), from).Where(s => s.Offset != Offset.End).ToList();
            if (starts.Count == 0)
            {
                continue;
            }

            var whole = reader.Read(starts, record =>
            {
                if (record.Message.Timestamp.UtcDateTime >= to.UtcDateTime)
                {
                    return false;
                }

                if (select(record.Message) is { } item)
                {
                    selected.Add(item);
                }

                return true;
            }, cancellationToken);
            if (!whole)
            {
                throw new TimeoutException($"No record or end of partition from {topic} within {TopicReader.Timeout.TotalSeconds} s.");
            }
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

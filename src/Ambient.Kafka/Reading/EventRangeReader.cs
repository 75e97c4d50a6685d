using Ambient.Abstractions.Events;
using Ambient.Kafka.CloudEvents;
using Ambient.Kafka.Configuration;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace Ambient.Kafka.Reading;

/// <summary>Where a replay window starts or ends: an offset (the same on every partition) or a time.</summary>
public readonly record struct EventPosition(long? Offset, DateTimeOffset? Time)
{
    /// <summary>Parses <c>123</c> as an offset and anything else as an ISO 8601 time.</summary>
    /// <exception cref="FormatException">Neither.</exception>
    public static EventPosition Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset))
        {
            return new EventPosition(offset, null);
        }

        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? new EventPosition(null, time)
            : throw new FormatException($"'{text}' is neither an offset (a whole number) nor a time (ISO 8601, e.g. 2026-11-23T08:00:00Z).");
    }
}

/// <summary>Reads the events of a window [from, to) of some topics and partitions, in offset order per partition.</summary>
public sealed class EventRangeReader(IOptions<AmbientKafkaOptions> options)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    /// <summary>Events in the window; records that are not CloudEvents are skipped (they were dead-lettered when first consumed).</summary>
    public List<(AmbientEvent Event, EventCoordinates At)> Read(IEnumerable<string> topics, int? partition, EventPosition from, EventPosition? to, CancellationToken cancellationToken)
    {
        var config = KafkaClientConfigs.Reader(options.Value);
        config.EnablePartitionEof = true;
        using var consumer = new ConsumerBuilder<string?, byte[]>(config).Build();
        using var admin = new AdminClientBuilder(KafkaClientConfigs.Admin(options.Value)).Build();
        var events = new List<(AmbientEvent, EventCoordinates)>();
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, s_timeout).Topics.SingleOrDefault();
            if (metadata is null || metadata.Error.IsError)
            {
                continue;
            }

            foreach (var p in metadata.Partitions.Select(p => p.PartitionId).Where(p => partition is null || p == partition))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var topicPartition = new TopicPartition(topic, p);
                var end = consumer.QueryWatermarkOffsets(topicPartition, s_timeout).High.Value;
                var start = Resolve(consumer, topicPartition, from, 0);
                var stop = to is { } until ? Math.Min(end, Resolve(consumer, topicPartition, until, end)) : end;
                if (start >= stop)
                {
                    continue;
                }

                consumer.Assign(new TopicPartitionOffset(topicPartition, start));
                while (consumer.Consume(s_timeout) is { IsPartitionEOF: false } record && record.Offset.Value < stop)
                {
                    try
                    {
                        events.Add((CloudEventKafkaBinding.FromMessage(record.Message) with { PartitionKey = record.Message.Key },
                            new EventCoordinates(topic, p, record.Offset.Value)));
                    }
                    catch (CloudEventFormatException)
                    {
                        // Not a CloudEvent: it went to the dead-letter topic the first time, and would again.
                    }

                    if (record.Offset.Value >= stop - 1)
                    {
                        break;
                    }
                }

                consumer.Unassign();
            }
        }

        return events;
    }

    private static long Resolve(IConsumer<string?, byte[]> consumer, TopicPartition partition, EventPosition position, long fallback)
    {
        if (position.Offset is { } offset)
        {
            return offset;
        }

        var found = consumer.OffsetsForTimes([new TopicPartitionTimestamp(partition, new Timestamp(position.Time!.Value.UtcDateTime))], s_timeout).Single().Offset;
        return found == Offset.End ? long.MaxValue : found.Value < 0 ? fallback : found.Value;
    }
}
